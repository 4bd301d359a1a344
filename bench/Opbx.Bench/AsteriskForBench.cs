namespace Opbx.Bench;

/// <summary>
/// Starts the cached Asterisk 22 with the same configuration the deploy bench and the test harness use (its own folder,
/// AMI on a free loopback port, the operator guide's AMI user, Opbx's files included from <c>FOLDER/opbx</c>), prints the
/// settings Opbx needs as shell assignments, and keeps Asterisk running until this process is stopped (bench/dashboards.sh).
/// Usage: Opbx.Bench asterisk --folder DIR --asterisk PREFIX
/// </summary>
public static class AsteriskForBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var folder = options["folder"];
        Directory.CreateDirectory(folder);
        var (amiPort, secret) = DeployBench.WriteAsteriskConfig(folder, options["asterisk"]);
        using var asterisk = await DeployBench.StartAsteriskAsync(folder, options["asterisk"]);
        var stop = new TaskCompletionSource();
        // SIGTERM (the script's kill) and Ctrl+C end Asterisk with this process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { if (!asterisk.HasExited) asterisk.Kill(entireProcessTree: true); };
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        Console.WriteLine($"AMI_PORT={amiPort}");
        Console.WriteLine($"AMI_SECRET={secret}");
        Console.WriteLine($"CONFIG_DIR={Path.Combine(folder, "opbx")}");
        Console.Out.Flush();
        await Task.WhenAny(stop.Task, asterisk.WaitForExitAsync());
        if (!asterisk.HasExited) asterisk.Kill(entireProcessTree: true);
        return 0;
    }
}
