namespace Opbx;

/// <summary>Settings under "Opbx" (appsettings.json or Opbx__Section__Key environment variables).</summary>
public sealed class OpbxOptions
{
    /// <summary>SQLite file, mail pickup folder, generated Asterisk config and data-protection keys live here.</summary>
    public string DataDirectory { get; set; } = "data";
    /// <summary>Base URL of links in e-mails and the setup link, e.g. https://pbx.example.com; unset: where Opbx listens (<see cref="PublicAddress"/>).</summary>
    public string? PublicBaseUrl { get; set; }
    /// <summary>The hosting provider's name, as customers know it: e-mails say "… invited you to X on {ProviderName}".</summary>
    public string ProviderName { get; set; } = "Opbx";
    public BootstrapOptions Bootstrap { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();
    public JobOptions Jobs { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
    public AsteriskOptions Asterisk { get; set; } = new();
    public NetworkOptions Network { get; set; } = new();
    public MetricsOptions Metrics { get; set; } = new();
    public Opbx.Domain.Webhooks.WebhookOptions Webhooks { get; set; } = new();

    public string DataPath(params string[] parts) => Path.GetFullPath(Path.Combine([DataDirectory, .. parts]));

    /// <summary>Absolute folder the generated Asterisk configuration is written to.</summary>
    public string AsteriskConfigPath() =>
        string.IsNullOrWhiteSpace(Asterisk.ConfigDirectory) ? DataPath("asterisk") : Path.GetFullPath(Asterisk.ConfigDirectory);
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
    /// <summary>Quartz cron for the retention job (call records and recordings past their retention).</summary>
    public string RetentionCron { get; set; } = "0 0 4 * * ?";
    /// <summary>Call records per retention delete transaction (each holds the database's write lock while it runs).</summary>
    public int RetentionBatchSize { get; set; } = Domain.Calls.RetentionService.DefaultBatchSize;
    /// <summary>The retention job's pause between two delete transactions, letting other writers in.</summary>
    public TimeSpan RetentionPause { get; set; } = Domain.Calls.RetentionService.DefaultPause;
    /// <summary>Quartz cron for the usage job (monthly minutes, alerts, hard limits).</summary>
    public string UsageCron { get; set; } = "0 */5 * * * ?";
}

public sealed class SecurityOptions
{
    /// <summary>Platform managers must set up an authenticator (TOTP) before they can use anything else.</summary>
    public bool RequireTwoFactorForPlatformManagers { get; set; }
    public RateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>
/// Throttles against guessing, per client address (Opbx__Security__RateLimits__…). Failed sign-ins per address and account
/// stop below the account lockout (5 failures), so one address cannot lock someone else out.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in, two-factor and recovery-code form posts from one address in <see cref="SignInWindow"/>.</summary>
    public int SignInPerAddress { get; set; } = 30;
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Failed sign-ins for one account from one address in <see cref="FailureWindow"/>; keep it below the lockout's 5.</summary>
    public int FailuresPerAccountAndAddress { get; set; } = 4;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>"Forgot your password?" requests from one address in <see cref="ForgotPasswordWindow"/>.</summary>
    public int ForgotPasswordPerAddress { get; set; } = 5;
    public TimeSpan ForgotPasswordWindow { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Failed API authentications (platform token or API key) from one address in <see cref="ApiFailureWindow"/>.</summary>
    public int ApiFailuresPerAddress { get; set; } = 20;
    public TimeSpan ApiFailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class AsteriskOptions
{
    /// <summary>Where Opbx writes Asterisk configuration; empty: "asterisk" in the data directory.</summary>
    public string? ConfigDirectory { get; set; }
    /// <summary>
    /// Folders and files Opbx writes are owner-only (0700/0600), for an Asterisk running as Opbx's own user. When Asterisk
    /// runs as another user, set this and give the folder a group Asterisk is in (README, operator guide): 0750/0640.
    /// </summary>
    public bool GroupReadable { get; set; }
    public AmiOptions Ami { get; set; } = new();
    /// <summary>
    /// How long a queued deploy waits before it runs: the saves of one form or one bulk action that come meanwhile join it
    /// instead of queueing deploys of their own.
    /// </summary>
    public TimeSpan DeployDelay { get; set; } = TimeSpan.FromMilliseconds(300);
    /// <summary>A deploy that finds Asterisk unreachable waits and tries again, 1 s, 2 s, 4 s, … up to this.</summary>
    public TimeSpan DeployRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// The longest one deploy may run (waiting its turn behind other deploys included); past it the deploy ends failed with
    /// that reason, and the next deploy of the organization writes what it did not.
    /// </summary>
    public TimeSpan DeployTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// How often deploys are looked over for ones nothing will move on: queued with no run scheduled (their schedule or
    /// their start failed, e.g. while the database was busy), or "running" with no run behind them (their outcome could
    /// not be written). The first are scheduled again, the second written as they ended, or as failed.
    /// </summary>
    public TimeSpan DeploySweepInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Asterisk's log file (e.g. /var/log/asterisk/messages) when Opbx may read it: a deploy then records the ERROR and
    /// WARNING lines Asterisk wrote while it reloaded, in Asterisk's own words. Empty: not read.
    /// </summary>
    public string? LogFile { get; set; }
    /// <summary>
    /// The CSV file Asterisk's cdr_custom writes with Opbx's mapping (opbx_cdr_custom.conf), e.g.
    /// /var/log/asterisk/cdr-custom/opbx-cdr.csv: Opbx reads call records from it. Empty: no call records are read.
    /// </summary>
    public string? CdrFile { get; set; }
    /// <summary>How often the CDR file is looked at for new lines.</summary>
    public TimeSpan CdrPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class AmiOptions
{
    /// <summary>Empty: Asterisk is not connected; deploys write files and skip the reload.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 5038;
    public string? Username { get; set; }
    public string? Secret { get; set; }
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long one action may wait for its response (and an event list for its last event).</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Connection attempts after the first one fails, waiting exponentially longer (with jitter) each time.</summary>
    public int ReconnectAttempts { get; set; } = 4;
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
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

/// <summary>Who may read /metrics (Prometheus): it names no tenant, but says how busy the platform is.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// Addresses and networks that may scrape without a token, comma-separated. A request that came through a proxy
    /// (X-Forwarded-For or Forwarded) never counts as from these, whatever address it arrived from. Empty: none.
    /// </summary>
    public string? AllowedNetworks { get; set; } = "127.0.0.0/8, ::1";
    /// <summary>With a value: a scraper from anywhere may read /metrics with "Authorization: Bearer &lt;token&gt;" (at least 32 characters).</summary>
    public string? Token { get; set; }
}
