using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Opbx.Asterisk;
using Opbx.Asterisk.Ami;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>
/// A real Asterisk 22 for the tests, started unprivileged from a temporary folder with AMI and SIP on free loopback
/// ports, configured the way the README's operator guide tells an operator to: Asterisk's own files #include Opbx's four
/// top-level files by absolute path from <see cref="ConfigDirectory"/>, and Opbx talks to it as a least-privilege AMI
/// user. Always stopped: "core stop now", then a kill; and should the test process die without disposing it, the
/// kernel kills it too (it is started under setpriv --pdeathsig, from a thread that lives exactly as long as this fixture).
/// A missing Asterisk build or SIPp fails the tests: it never skips them.
/// </summary>
public sealed class AsteriskServer : IAsyncLifetime
{
    public const string AmiUser = "opbx";
    private const string HarnessAmiUser = "harness";

    /// <summary>Noloads from ../shared/asterisk/README.md: modules that log an ERROR without real config or a database.</summary>
    private static readonly string[] NotLoaded =
    [
        "chan_iax2", "pbx_dundi", "chan_unistim", "pbx_ael", "res_hep", "res_hep_rtcp", "res_hep_pjsip", "cdr_csv",
        "cdr_sqlite3_custom", "cel_custom", "cel_sqlite3_custom", "res_config_pgsql", "cdr_pgsql", "cel_pgsql", "res_phoneprov",
        "res_pjsip_phoneprov_provider", "res_adsi", "app_adsiprog", "app_getcpeid",
    ];

    /// <summary>Modules decline to load (or log an ERROR) without their file; empty is enough.</summary>
    private static readonly string[] EmptyConfigs =
    [
        "acl", "aeap", "agents", "alarmreceiver", "amd", "ari", "calendar", "ccss", "cdr", "cdr_manager", "cel", "cel_manager",
        "chan_websocket", "cli_aliases", "confbridge", "features", "festival", "followme", "geolocation", "minivm", "pjproject",
        "pjsip_notify", "pjsip_wizard", "prometheus", "res_config_sqlite3", "res_parking", "res_stun_monitor", "statsd", "udptl",
        "websocket_client",
    ];

    /// <summary>Opbx's top-level files, included by Asterisk's own files; exactly what ConfigFolder is given by the renderer.</summary>
    public static readonly IReadOnlyList<string> TopLevelFiles = ["opbx_pjsip.conf", "opbx_extensions.conf", "opbx_queues.conf", "opbx_voicemail.conf", "opbx_cdr_custom.conf"];

    private readonly ConcurrentQueue<string> _console = new();
    private readonly ManualResetEventSlim _ownerRelease = new();
    private Process? _process;
    private Thread? _owner;

    public static string Prefix =>
        Environment.GetEnvironmentVariable("OPBX_ASTERISK_PREFIX") is { Length: > 0 } prefix
            ? prefix
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "opbx-asterisk", "22.10.1");

    /// <summary>Short on purpose: Asterisk's control socket path must stay under ~100 characters.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "opbx-ast-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Where the harness's own deploys write (tests of ConfigFolder, the reloader and the inspector with hand-written files).</summary>
    public string ConfigDirectory => Path.Combine(Folder, "opbx");

    /// <summary>
    /// Where the Opbx app of the collection writes (its Opbx__Asterisk__ConfigDirectory). A folder of its own, included
    /// beside <see cref="ConfigDirectory"/>: the two never delete or overwrite each other's files.
    /// </summary>
    public string AppConfigDirectory => Path.Combine(Folder, "opbx-app");

    public string EtcDirectory => Path.Combine(Folder, "etc");
    public string LogPath => Path.Combine(Folder, "log", "messages");
    public string FullLogPath => Path.Combine(Folder, "log", "full");
    /// <summary>Where cdr_custom appends the CDRs of the app's mapping (astlogdir/cdr-custom/opbx-cdr.csv).</summary>
    public string CdrPath => Path.Combine(Folder, "log", "cdr-custom", "opbx-cdr.csv");
    public string SipAddress => "127.0.0.1";
    public int SipPort { get; private set; }
    public int AmiPort { get; private set; }
    private string AmiSecret { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The SIP address phones and carriers send to.</summary>
    public string SipTarget => $"{SipAddress}:{SipPort}";

    /// <summary>Opbx's AMI settings for this Asterisk: the least-privilege user of the operator guide.</summary>
    public AmiOptions Ami => new()
    {
        Host = "127.0.0.1",
        Port = AmiPort,
        Username = AmiUser,
        Secret = AmiSecret,
        ActionTimeout = TimeSpan.FromSeconds(20),
        ReconnectAttempts = 3,
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>A user with only the "command" class: for tests of Action: Command itself, never for Opbx.</summary>
    public AmiOptions CommandAmi => new()
    {
        Host = "127.0.0.1",
        Port = AmiPort,
        Username = HarnessAmiUser,
        Secret = AmiSecret,
        ActionTimeout = TimeSpan.FromSeconds(20),
        ReconnectAttempts = 3,
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
    };

    public OpbxOptions Options() => new() { Asterisk = new AsteriskOptions { ConfigDirectory = ConfigDirectory, Ami = Ami } };

    public Sipp Sipp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var asterisk = Path.Combine(Prefix, "sbin", "asterisk");
        if (!File.Exists(Path.Combine(Prefix, ".build-complete")) || !File.Exists(asterisk))
        {
            throw new InvalidOperationException(
                $"No finished Asterisk build in {Prefix}. Run scripts/test.sh (it builds one with ../shared/asterisk/build.sh) or set OPBX_ASTERISK_PREFIX.");
        }
        Sipp = new Sipp(Path.Combine(Folder, "sipp"));
        Sipp.EnsureInstalled();

        // A port picked as free can be taken before Asterisk binds it (other test runs share this machine): try again.
        for (var attempt = 1; ; attempt++)
        {
            AmiPort = Ports.Free();
            SipPort = Ports.FreeUdp(SipAddress);
            WriteConfiguration();
            try
            {
                await StartAsync(asterisk);
                return;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await StopAsync();
                Directory.Delete(Folder, recursive: true);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Environment.GetEnvironmentVariable("OPBX_KEEP_ASTERISK") is not "1" && Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Runs a CLI command through Asterisk's control socket (the harness's own view; Opbx itself uses AMI only).</summary>
    public async Task<string> CliAsync(string command, TimeSpan? timeout = null)
    {
        var run = await RunAsync(Path.Combine(Prefix, "sbin", "asterisk"), ["-C", Path.Combine(Folder, "asterisk.conf"), "-rx", command], timeout ?? TimeSpan.FromSeconds(20));
        if (run.ExitCode != 0) throw new InvalidOperationException($"asterisk -rx '{command}' exited with {run.ExitCode}: {run.Output}");
        return run.Output;
    }

    /// <summary>Where the log ends now; pass it to <see cref="ErrorsSince"/> to see what a step logged.</summary>
    public long LogPosition() => File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

    /// <summary>ERROR lines Asterisk logged after <paramref name="position"/> (a reload with a broken file logs them).</summary>
    public IReadOnlyList<string> ErrorsSince(long position = 0)
    {
        if (!File.Exists(LogPath)) return [];
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(position, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Where(l => l.Contains(" ERROR[", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Where the verbose log ends now; pass it to <see cref="FullLogSince"/> to read what a step did.</summary>
    public long FullLogPosition() => File.Exists(FullLogPath) ? new FileInfo(FullLogPath).Length : 0;

    /// <summary>What Asterisk's verbose log says after <paramref name="position"/> (what a call played, what a reload did).</summary>
    public string FullLogSince(long position)
    {
        using var stream = new FileStream(FullLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(position, SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The end of Asterisk's verbose log, for failure messages.</summary>
    public string LogTail(int lines = 60)
    {
        if (!File.Exists(FullLogPath)) return "(no log)";
        using var stream = new FileStream(FullLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
    }

    private void WriteConfiguration()
    {
        foreach (var dir in new[] { "etc", "lib/keys", "spool", "run", "log", "log/cdr-custom", "cache", "opbx", "opbx-app", "sipp" }) Directory.CreateDirectory(Path.Combine(Folder, dir));
        // Asterisk writes into these; the modules and XML documentation stay in the (read-only) prefix.
        Write(Path.Combine(Folder, "asterisk.conf"), $"""
            [directories]
            astetcdir => {EtcDirectory}
            astmoddir => {Prefix}/lib/asterisk/modules
            astvarlibdir => {Folder}/lib
            astdbdir => {Folder}/lib
            astkeydir => {Folder}/lib
            astdatadir => {Prefix}/var/lib/asterisk
            astagidir => {Prefix}/var/lib/asterisk/agi-bin
            astspooldir => {Folder}/spool
            astrundir => {Folder}/run
            astlogdir => {Folder}/log
            astcachedir => {Folder}/cache
            astsbindir => {Prefix}/sbin

            [options]
            verbose = 3
            """);
        Etc("modules.conf", "[modules]\nautoload = yes\n" + string.Concat(NotLoaded.Select(m => $"noload => {m}.so\n")));
        Etc("logger.conf", """
            [logfiles]
            messages => notice,warning,error
            full => notice,warning,error,verbose
            """);
        // The operator guide's AMI user: loopback only; write "system" (Reload, PJSIP lists, unregister, channels) and
        // "reporting" (ShowDialPlan, voicemail boxes); no read classes, since Opbx logs in with events off. No "command"
        // (the CLI can do anything), no "config" (UpdateConfig could write dialplan), no "originate".
        Etc("manager.conf", $"""
            [general]
            enabled = yes
            bindaddr = 127.0.0.1
            port = {AmiPort}

            [{AmiUser}]
            secret = {AmiSecret}
            deny = 0.0.0.0/0.0.0.0
            permit = 127.0.0.1/255.255.255.255
            read =
            write = system,reporting

            ; The harness's own user, to check Opbx's AMI client on real CLI output. Not part of the operator guide.
            [{HarnessAmiUser}]
            secret = {AmiSecret}
            deny = 0.0.0.0/0.0.0.0
            permit = 127.0.0.1/255.255.255.255
            read =
            write = command
            """);
        // Transports are the operator's (not reloadable); Opbx's objects come in through the include.
        Etc("pjsip.conf", $"""
            [transport-udp]
            type = transport
            protocol = udp
            bind = {SipAddress}:{SipPort}

            #include "{ConfigDirectory}/opbx_pjsip.conf"
            #include "{AppConfigDirectory}/opbx_pjsip.conf"
            """);
        Etc("extensions.conf", $"""
            [general]
            static = yes
            writeprotect = yes

            [globals]

            #include "{ConfigDirectory}/opbx_extensions.conf"
            #include "{AppConfigDirectory}/opbx_extensions.conf"
            """);
        Etc("queues.conf", $"[general]\n\n#include \"{ConfigDirectory}/opbx_queues.conf\"\n#include \"{AppConfigDirectory}/opbx_queues.conf\"\n");
        Etc("voicemail.conf", $"[general]\n\n#include \"{ConfigDirectory}/opbx_voicemail.conf\"\n#include \"{AppConfigDirectory}/opbx_voicemail.conf\"\n");
        // Only the app's CDR mapping: two includes of the same mapping would write every CDR twice. cdr_custom declines to
        // load while the file is empty (as an operator's before the first deploy); the app's first deploy loads it.
        Etc("cdr_custom.conf", $"#include \"{AppConfigDirectory}/opbx_cdr_custom.conf\"\n");
        // Asterisk's own RTP ports stay below the range the harness's SIPps echo media on (20000-29998, Sipp.MediaPort):
        // with Asterisk's default range (5000-31000) a call's RTP could take the port a SIPp was about to bind, and that SIPp
        // exited at start, so the phone it stood for never answered.
        Etc("rtp.conf", "[general]\nrtpstart = 10000\nrtpend = 19999\n");
        foreach (var name in EmptyConfigs) Etc(name + ".conf", "");
        File.Copy(Path.Combine(Prefix, "etc", "asterisk", "indications.conf"), Path.Combine(EtcDirectory, "indications.conf"), overwrite: true);
        // A missing #include target makes Asterisk reject the whole including file: Opbx's files exist from the start.
        foreach (var file in TopLevelFiles)
        {
            Write(Path.Combine(ConfigDirectory, file), "");
            Write(Path.Combine(AppConfigDirectory, file), "");
        }
        // The CDR mapping is the same for every platform: there from the start, so cdr_custom loads (with an empty file it
        // declines, and the harness's own deploys, which reload it, would fail to).
        Write(Path.Combine(AppConfigDirectory, ConfigRenderer.TopCdr), new ConfigRenderer().RenderTopLevel(new PlatformPbx([], [], []), AppConfigDirectory)
            .Files.Single(f => f.RelativePath == ConfigRenderer.TopCdr).Content);
    }

    private void Etc(string name, string content) => Write(Path.Combine(EtcDirectory, name), content);

    private static void Write(string path, string content) => File.WriteAllText(path, content.EndsWith('\n') || content.Length == 0 ? content : content + "\n");

    /// <summary>
    /// Stops Asterisk (AMI and SIP go away) until <see cref="StartAgainAsync"/>: the "Asterisk away" tests. Registrations
    /// survive (astdb); the configuration is read afresh at the start.
    /// </summary>
    public Task StopForAWhileAsync() => StopAsync();

    public Task StartAgainAsync() => StartAsync(Path.Combine(Prefix, "sbin", "asterisk"), LogPosition());

    private async Task StartAsync(string asterisk, long logFrom = 0)
    {
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // -f: no fork, so the process is Asterisk itself; -n: no colours in what it prints.
        foreach (var arg in new[] { "--pdeathsig", "KILL", "--", asterisk, "-C", Path.Combine(Folder, "asterisk.conf"), "-f", "-n" }) start.ArgumentList.Add(arg);
        _process = StartOwned(start);
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Asterisk exited at start with {_process.ExitCode}:\n{string.Join('\n', _console)}");
            var booted = await RunAsync(asterisk, ["-C", Path.Combine(Folder, "asterisk.conf"), "-rx", "core waitfullybooted"], TimeSpan.FromSeconds(30));
            if (booted.ExitCode == 0) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Asterisk did not finish booting:\n{string.Join('\n', _console)}");
            await Task.Delay(300);
        }

        var errors = ErrorsSince(logFrom);
        if (errors.Any(e => e.Contains("bind", StringComparison.OrdinalIgnoreCase) || e.Contains("in use", StringComparison.OrdinalIgnoreCase)))
        {
            throw new PortTakenException();
        }
        if (errors.Count > 0) throw new InvalidOperationException("Asterisk logged errors at start:\n" + string.Join('\n', errors));

        await using var ami = new AmiClient(Ami, NullLogger<AmiClient>.Instance, TimeProvider.System);
        try
        {
            (await ami.SendAsync(new AmiAction("Ping"))).EnsureSuccess("Ping");
        }
        catch (AmiException e) when (e is not AmiAuthenticationException)
        {
            throw new PortTakenException();
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _console.Enqueue(line);
        while (_console.Count > 200) _console.TryDequeue(out _);
    }

    /// <summary>
    /// Starts the process from a thread of its own that lives until this fixture stops: the parent-death signal
    /// (setpriv --pdeathsig) follows the thread that started the process, not the whole test process.
    /// </summary>
    private Process StartOwned(ProcessStartInfo start)
    {
        Process? process = null;
        Exception? failure = null;
        using var started = new ManualResetEventSlim();
        _ownerRelease.Reset();
        _owner = new Thread(() =>
        {
            try
            {
                process = Process.Start(start);
            }
            catch (Exception e)
            {
                failure = e;
            }
            started.Set();
            _ownerRelease.Wait();
        })
        { IsBackground = true, Name = "asterisk-owner" };
        _owner.Start();
        started.Wait();
        if (failure is not null) throw new InvalidOperationException("Could not start Asterisk (setpriv is in Debian's util-linux).", failure);
        return process ?? throw new InvalidOperationException("Asterisk did not start.");
    }

    private async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            if (!process.HasExited)
            {
                try
                {
                    await RunAsync(Path.Combine(Prefix, "sbin", "asterisk"), ["-C", Path.Combine(Folder, "asterisk.conf"), "-rx", "core stop now"], TimeSpan.FromSeconds(5));
                }
                catch (Exception)
                {
                    // Killed below.
                }
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            process.Dispose();
        }
        _ownerRelease.Set();
        _owner?.Join(TimeSpan.FromSeconds(5));
        _owner = null;
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"(timed out after {timeout.TotalSeconds} s) {await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    private sealed class PortTakenException : Exception;
}
