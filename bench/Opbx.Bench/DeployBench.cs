using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Opbx.Bench;

/// <summary>
/// From a save to "succeeded" (deployed, reloaded and verified in a real Asterisk) for one organization, and what a deploy of
/// an unchanged organization costs. Starts Asterisk 22 unprivileged from a temporary folder (the operator guide's includes
/// and least-privilege AMI user) and the Release build of Opbx beside it, as an operator runs them; drives Opbx over its
/// API: each save adds a member with an extension, and the time runs from sending it to the finish time of the deploy it
/// queued (which includes Opbx's coalescing delay, 300 ms by default). Then "Deploy now" with nothing changed: no file may be
/// written and no module reloaded. Finally counts the ERROR lines in Asterisk's log (there must be none).
/// Usage: Opbx.Bench deploy --app Opbx.Web.dll --asterisk PREFIX [--runs 20]
/// </summary>
public static class DeployBench
{
    private static readonly string[] NotLoaded =
    [
        "chan_iax2", "pbx_dundi", "chan_unistim", "pbx_ael", "res_hep", "res_hep_rtcp", "res_hep_pjsip", "cdr_csv",
        "cdr_sqlite3_custom", "cel_custom", "cel_sqlite3_custom", "res_config_pgsql", "cdr_pgsql", "cel_pgsql", "res_phoneprov",
        "res_pjsip_phoneprov_provider", "res_adsi", "app_adsiprog", "app_getcpeid",
    ];

    private static readonly string[] EmptyConfigs =
    [
        "acl", "aeap", "agents", "alarmreceiver", "amd", "ari", "calendar", "ccss", "cdr", "cdr_manager", "cel", "cel_manager",
        "chan_websocket", "cli_aliases", "confbridge", "features", "festival", "followme", "geolocation", "minivm", "pjproject",
        "pjsip_notify", "pjsip_wizard", "prometheus", "res_config_sqlite3", "res_parking", "res_stun_monitor", "statsd", "udptl",
        "websocket_client",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var app = Path.GetFullPath(options["app"]);
        var prefix = options["asterisk"];
        var runs = int.Parse(options.GetValueOrDefault("runs", "20"));
        var folder = Path.Combine(Path.GetTempPath(), "opbx-deploy-bench-" + Guid.NewGuid().ToString("N")[..6]);
        Process? asterisk = null, opbx = null;
        try
        {
            var (amiPort, secret) = WriteAsteriskConfig(folder, prefix);
            asterisk = await StartAsteriskAsync(folder, prefix);
            var port = FreeTcpPort();
            var url = $"http://127.0.0.1:{port}";
            var env = new Dictionary<string, string>
            {
                ["Opbx__DataDirectory"] = Path.Combine(folder, "data"),
                ["Opbx__Bootstrap__Email"] = "bench@example.test",
                ["Opbx__Bootstrap__Password"] = "Bench-password-1",
                ["Opbx__Asterisk__ConfigDirectory"] = Path.Combine(folder, "opbx"),
                ["Opbx__Asterisk__Ami__Host"] = "127.0.0.1",
                ["Opbx__Asterisk__Ami__Port"] = amiPort.ToString(),
                ["Opbx__Asterisk__Ami__Username"] = "opbx",
                ["Opbx__Asterisk__Ami__Secret"] = secret,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            opbx = Start("dotnet", [app, "--urls", url], env, Path.Combine(folder, "app.log"));
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            await WaitAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "Opbx did not start");

            var token = await RunAsync("dotnet", [app, "create-token", "--email", "bench@example.test", "--name", "bench"], env);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Trim().Split('\n')[^1].Trim());
            var created = await Json(await http.PostAsJsonAsync("/api/v1/organizations", new
            {
                name = "Deploy bench",
                industry = "general",
                owner = new { name = "Bench Owner", email = "owner@bench.example.test" },
                settings = new { max_users = runs + 20 },
            }));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{created["api_key"]}:{created["api_secret"]}")));

            // Warm-up (JIT, first reloads), not measured.
            for (var i = 0; i < 3; i++) await SaveAndWaitAsync(http, 900 + i);

            var saveToSucceeded = new List<double>();
            var deployRun = new List<double>();
            var reloads = new List<int>();
            for (var i = 0; i < runs; i++)
            {
                var (latency, deploy) = await SaveAndWaitAsync(http, 1000 + i);
                saveToSucceeded.Add(latency);
                deployRun.Add((double)deploy["duration_ms"]!);
                reloads.Add(deploy["modules_reloaded"]!.AsArray().Count);
            }

            var unchanged = new List<double>();
            var unchangedWrites = 0;
            var unchangedReloads = 0;
            for (var i = 0; i < runs; i++)
            {
                var started = DateTimeOffset.UtcNow;
                var accepted = await http.PostAsync("/api/v1/config/deploy", null);
                if (accepted.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"Deploy now answered {accepted.StatusCode}.");
                var deploy = await FollowAsync(http, accepted.Headers.Location!.OriginalString);
                unchanged.Add(((DateTimeOffset)deploy["finished_at"]! - started).TotalMilliseconds);
                unchangedWrites += deploy["files_written"]!.AsArray().Count + deploy["files_deleted"]!.AsArray().Count;
                unchangedReloads += deploy["modules_reloaded"]!.AsArray().Count;
            }

            var errors = File.ReadLines(Path.Combine(folder, "log", "messages")).Count(l => l.Contains(" ERROR[", StringComparison.Ordinal));
            Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ} on {Environment.ProcessorCount} cores; one organization, {runs} saves after warm-up " +
                              $"(each adds a member with an extension), then {runs} deploys with nothing changed");
            Console.WriteLine($"{"scenario",-52} {"p50_ms",8} {"p95_ms",8} {"max_ms",8}");
            Print("save -> deploy succeeded (incl. 300 ms coalescing)", saveToSucceeded);
            Print("  of which the deploy itself (render..verify)", deployRun);
            Print("deploy now, nothing changed -> succeeded", unchanged);
            Console.WriteLine($"modules reloaded per save: {string.Join(" ", reloads.Distinct().Order())}; " +
                              $"unchanged deploys: {unchangedWrites} files written or deleted, {unchangedReloads} modules reloaded");
            Console.WriteLine($"ERROR lines in Asterisk's log: {errors}");
            return errors == 0 && unchangedWrites == 0 && unchangedReloads == 0 ? 0 : 1;
        }
        finally
        {
            if (opbx is { HasExited: false })
            {
                opbx.Kill(entireProcessTree: true);
                await opbx.WaitForExitAsync();
            }
            if (asterisk is { HasExited: false })
            {
                await RunAsync(Path.Combine(prefix, "sbin", "asterisk"), ["-C", Path.Combine(folder, "asterisk.conf"), "-rx", "core stop now"], null, check: false);
                if (!asterisk.WaitForExit(5000)) asterisk.Kill(entireProcessTree: true);
            }
            if (Environment.GetEnvironmentVariable("OPBX_KEEP_BENCH") != "1" && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Adds a member with extension <paramref name="extension"/> (one save) and waits for the deploy that took it to finish.</summary>
    private static async Task<(double LatencyMs, JsonObject Deploy)> SaveAndWaitAsync(HttpClient http, int extension)
    {
        var started = DateTimeOffset.UtcNow;
        var created = await http.PostAsJsonAsync("/api/v1/users", new
        {
            name = $"Phone {extension}", email = $"phone{extension}@bench.example.test", role = "pbx_user", extension = extension.ToString(),
            password = "Member-password-1",
        });
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Creating a user answered {created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var latest = (await Json(await http.GetAsync("/api/v1/config/deploys?page_size=1")))["items"]!.AsArray().FirstOrDefault()?.AsObject();
            // The save's deploy started after it (a deploy still queued when a save comes is joined by it, not re-queued).
            if (latest is not null && latest["started_at"] is { } begun && (DateTimeOffset)begun >= started && (string)latest["status"]! is "succeeded" or "failed")
            {
                if ((string)latest["status"]! != "succeeded") throw new InvalidOperationException($"Deploy failed: {latest["failure"]}");
                return (((DateTimeOffset)latest["finished_at"]! - started).TotalMilliseconds, latest);
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The save's deploy did not finish.");
            await Task.Delay(10);
        }
    }

    private static async Task<JsonObject> FollowAsync(HttpClient http, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var deploy = await Json(await http.GetAsync(location));
            if ((string)deploy["status"]! == "succeeded") return deploy;
            if ((string)deploy["status"]! == "failed") throw new InvalidOperationException($"Deploy failed: {deploy["failure"]}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The deploy did not finish.");
            await Task.Delay(10);
        }
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static void Print(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine($"{name,-52} {sorted[sorted.Length / 2],8:F0} {sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(sorted.Length * 0.95) - 1)],8:F0} {sorted[^1],8:F0}");
    }

    internal static (int AmiPort, string Secret) WriteAsteriskConfig(string folder, string prefix)
    {
        foreach (var dir in new[] { "etc", "lib/keys", "spool", "run", "log", "cache", "opbx", "data" }) Directory.CreateDirectory(Path.Combine(folder, dir));
        var amiPort = FreeTcpPort();
        var sipPort = FreeTcpPort();
        var secret = Guid.NewGuid().ToString("N");
        var opbx = Path.Combine(folder, "opbx");
        File.WriteAllText(Path.Combine(folder, "asterisk.conf"), $"""
            [directories]
            astetcdir => {folder}/etc
            astmoddir => {prefix}/lib/asterisk/modules
            astvarlibdir => {folder}/lib
            astdbdir => {folder}/lib
            astkeydir => {folder}/lib
            astdatadir => {prefix}/var/lib/asterisk
            astagidir => {prefix}/var/lib/asterisk/agi-bin
            astspooldir => {folder}/spool
            astrundir => {folder}/run
            astlogdir => {folder}/log
            astcachedir => {folder}/cache
            astsbindir => {prefix}/sbin

            [options]
            verbose = 3

            """);
        void Etc(string name, string content) => File.WriteAllText(Path.Combine(folder, "etc", name), content + "\n");
        Etc("modules.conf", "[modules]\nautoload = yes\n" + string.Concat(NotLoaded.Select(m => $"noload => {m}.so\n")));
        Etc("logger.conf", "[logfiles]\nmessages => notice,warning,error\n");
        // The operator guide's AMI user: write "system" and "reporting" only.
        Etc("manager.conf", $"[general]\nenabled = yes\nbindaddr = 127.0.0.1\nport = {amiPort}\n\n[opbx]\nsecret = {secret}\n" +
                            "deny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\nread =\nwrite = system,reporting\n");
        Etc("pjsip.conf", $"[transport-udp]\ntype = transport\nprotocol = udp\nbind = 127.0.0.1:{sipPort}\n\n#include \"{opbx}/opbx_pjsip.conf\"");
        Etc("extensions.conf", $"[general]\nstatic = yes\nwriteprotect = yes\n\n[globals]\n\n#include \"{opbx}/opbx_extensions.conf\"");
        Etc("queues.conf", $"[general]\n\n#include \"{opbx}/opbx_queues.conf\"");
        Etc("voicemail.conf", $"[general]\n\n#include \"{opbx}/opbx_voicemail.conf\"");
        // As the operator guide says: cdr_custom with Opbx's mapping only. Without it every deploy that reloads the mapping was
        // refused ("Module not initialized"). The mapping is the same for every platform, so it is there from the start and
        // cdr_custom loads at boot (with an empty file it declines).
        Etc("cdr_custom.conf", $"#include \"{opbx}/opbx_cdr_custom.conf\"");
        foreach (var name in EmptyConfigs) Etc(name + ".conf", "");
        File.Copy(Path.Combine(prefix, "etc", "asterisk", "indications.conf"), Path.Combine(folder, "etc", "indications.conf"), overwrite: true);
        foreach (var file in new[] { "opbx_pjsip.conf", "opbx_extensions.conf", "opbx_queues.conf", "opbx_voicemail.conf" }) File.WriteAllText(Path.Combine(opbx, file), "");
        File.WriteAllText(Path.Combine(opbx, Opbx.Asterisk.ConfigRenderer.TopCdr), new Opbx.Asterisk.ConfigRenderer()
            .RenderTopLevel(new Opbx.Asterisk.PlatformPbx([], [], []), opbx).Files.Single(f => f.RelativePath == Opbx.Asterisk.ConfigRenderer.TopCdr).Content);
        return (amiPort, secret);
    }

    internal static async Task<Process> StartAsteriskAsync(string folder, string prefix)
    {
        var asterisk = Path.Combine(prefix, "sbin", "asterisk");
        var process = Start(asterisk, ["-C", Path.Combine(folder, "asterisk.conf"), "-f", "-n"], null, Path.Combine(folder, "log", "console"));
        await WaitAsync(async () => await RunAsync(asterisk, ["-C", Path.Combine(folder, "asterisk.conf"), "-rx", "core waitfullybooted"], null, check: false) is not null,
            "Asterisk did not boot");
        return process;
    }

    private static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, string log)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a command to its end; its output, or null (or an exception with <paramref name="check"/>) when it failed.</summary>
    private static async Task<string?> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, bool check = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode == 0) return await output;
        if (check) throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await error}");
        return null;
    }

    private static async Task WaitAsync(Func<Task<bool>> ready, string failure)
    {
        for (var i = 0; i < 120; i++)
        {
            try
            {
                if (await ready()) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException(failure);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
