using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace Opbx.Tests.Infrastructure;

/// <summary>A real SMTP server for the tests: MailDev (npm), with its HTTP API to read what it received.</summary>
public sealed class MailDev : IAsyncDisposable
{
    private Process? _process;
    private readonly HttpClient _http = new();

    public int SmtpPort { get; } = Ports.Free();
    public int WebPort { get; } = Ports.Free();

    public sealed record Address([property: JsonPropertyName("address")] string Value);

    public sealed record Message(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("html")] string Html,
        [property: JsonPropertyName("to")] List<Address> To);

    public async Task StartAsync()
    {
        var bin = Path.Combine(Ports.RepositoryRoot(), "test-tools", "node_modules", "maildev", "bin", "maildev");
        if (!File.Exists(bin)) throw new InvalidOperationException($"MailDev is not installed ({bin}); run scripts/test.sh, which installs it.");
        _process = Process.Start(new ProcessStartInfo("node", [bin, "--smtp", SmtpPort.ToString(), "--web", WebPort.ToString(), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", SmtpPort);
                (await _http.GetAsync($"http://127.0.0.1:{WebPort}/email")).EnsureSuccessStatusCode();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException("MailDev did not start.");
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process = null;
    }

    public async Task<List<Message>> MessagesAsync() =>
        await _http.GetFromJsonAsync<List<Message>>($"http://127.0.0.1:{WebPort}/email") ?? [];

    /// <summary>Waits for a message to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<Message> WaitForAsync(string to, string subject, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = (await MessagesAsync()).LastOrDefault(m =>
                m.To.Any(a => string.Equals(a.Value, to, StringComparison.OrdinalIgnoreCase)) && m.Subject.Contains(subject, StringComparison.Ordinal));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No e-mail to {to} about \"{subject}\" arrived.");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
    }
}
