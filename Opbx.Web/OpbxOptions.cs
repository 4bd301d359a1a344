namespace Opbx;

/// <summary>Settings under "Opbx" (appsettings.json or Opbx__Section__Key environment variables).</summary>
public sealed class OpbxOptions
{
    /// <summary>SQLite file, mail pickup folder, generated Asterisk config and data-protection keys live here.</summary>
    public string DataDirectory { get; set; } = "data";
    /// <summary>Base URL used in links in e-mails, e.g. https://pbx.example.com.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";
    public BootstrapOptions Bootstrap { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();
    public JobOptions Jobs { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
    public NetworkOptions Network { get; set; } = new();

    public string DataPath(params string[] parts) => Path.GetFullPath(Path.Combine([DataDirectory, .. parts]));
}

public sealed class BootstrapOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string Name { get; set; } = "Platform manager";
}

public sealed class SmtpOptions
{
    /// <summary>Empty: e-mails are written as .eml files to the pickup folder in the data directory.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string? User { get; set; }
    public string? Password { get; set; }
    public bool EnableSsl { get; set; }
    public string From { get; set; } = "Opbx <no-reply@opbx.local>";
}

public sealed class JobOptions
{
    /// <summary>A failed e-mail send is retried this many times, waiting longer each time.</summary>
    public int EmailRetries { get; set; } = 10;
    public TimeSpan EmailRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan EmailRetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Quartz cron for the nightly maintenance (scheduled deletions, retention).</summary>
    public string NightlyCron { get; set; } = "0 30 3 * * ?";
}

public sealed class SecurityOptions
{
    /// <summary>Platform managers must set up an authenticator (TOTP) before they can use anything else.</summary>
    public bool RequireTwoFactorForPlatformManagers { get; set; }
}

public sealed class NetworkOptions
{
    /// <summary>
    /// The reverse proxies (TLS terminators) in front of Opbx whose X-Forwarded-For and X-Forwarded-Proto are believed:
    /// IP addresses and networks, separated by commas, e.g. "127.0.0.1" or "10.0.0.5, 10.1.0.0/16". Empty: none is believed,
    /// and a request is HTTPS only when Kestrel itself served it over TLS.
    /// </summary>
    public string? KnownProxies { get; set; }
}
