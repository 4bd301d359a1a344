using System.Diagnostics;
using System.Text;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// The built app run as its own process, as an operator runs it (Production unless told otherwise), for what an in-process
/// host cannot show: start-up failures and their exit codes, and what the Production error pages reveal. As root (CI
/// containers), it runs as the unprivileged user nobody, so file permissions mean what they mean for a real service account.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OpbxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OpbxProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string BaseUrl { get; private init; } = "";

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static bool RunsAsNobody => Environment.UserName == "root";

    private static readonly string[] AsNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];

    /// <summary>
    /// Where the built app and its content root are. Normally the test output and the project folder; when nobody may not
    /// read those (a clone under /root), a copy of just the app (no browser driver) in a folder everyone may read.
    /// </summary>
    private static readonly Lazy<(string Binaries, string ContentRoot)> App = new(() =>
    {
        var binaries = AppContext.BaseDirectory;
        var contentRoot = Path.Combine(Ports.RepositoryRoot(), "Opbx.Web");
        if (!RunsAsNobody || (NobodyCanRead(Path.Combine(binaries, "Opbx.Web.dll")) && NobodyCanRead(Path.Combine(contentRoot, "appsettings.json"))))
            return (binaries, contentRoot);
        var copy = Path.Combine(Path.GetTempPath(), "opbx-app-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(binaries, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(binaries, file);
            if (relative.StartsWith(".playwright", StringComparison.Ordinal) || relative.StartsWith("refs", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }
        File.Copy(Path.Combine(contentRoot, "appsettings.json"), Path.Combine(copy, "appsettings.json"), overwrite: true);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(contentRoot, "wwwroot"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, "wwwroot", Path.GetRelativePath(Path.Combine(contentRoot, "wwwroot"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        return (copy, copy);
    });

    private static bool NobodyCanRead(string path)
    {
        using var test = Process.Start(new ProcessStartInfo("setpriv", [.. AsNobody, "test", "-r", path]) { UseShellExecute = false })!;
        test.WaitForExit();
        return test.ExitCode == 0;
    }

    /// <summary>Starts the app and returns once /healthz answers (or the process has exited, for start-up failures).</summary>
    public static async Task<OpbxProcess> StartAsync(IDictionary<string, string> settings, bool waitForHealth = true)
    {
        var port = Ports.Free();
        var (binaries, contentRoot) = App.Value;
        var dll = Path.Combine(binaries, "Opbx.Web.dll");
        var info = RunsAsNobody
            ? new ProcessStartInfo("setpriv", [.. AsNobody, "dotnet", dll])
            : new ProcessStartInfo("dotnet", [dll]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        // The content root, as on a server: appsettings.json and wwwroot are found there.
        info.WorkingDirectory = contentRoot;
        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) info.Environment[key] = value;
        var app = new OpbxProcess(Process.Start(info)!) { BaseUrl = $"http://127.0.0.1:{port}" };
        if (!waitForHealth) return app;
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !app._process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(app.BaseUrl + "/healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException($"Opbx did not start:\n{app.Output}");
    }

    /// <summary>Waits for the process to end by itself (start-up failures); its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>
    /// A fresh folder under /tmp that the app under test owns, as a data folder made for the service account is: the app
    /// tightens its data folder to 0700 at start, which only the folder's owner may do.
    /// </summary>
    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"opbx-{name}-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        if (RunsAsNobody)
        {
            using var chown = Process.Start(new ProcessStartInfo("chown", ["65534:65534", folder]) { UseShellExecute = false })!;
            chown.WaitForExit();
            if (chown.ExitCode != 0) throw new InvalidOperationException($"chown nobody {folder} failed");
        }
        return folder;
    }
}
