using System.Diagnostics;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>
/// Runs SIPp (Debian's sip-tester) with the scenarios in Asterisk/Harness/Scenarios: phones registering, phones and
/// carriers calling, phones and carriers answering. Every run has a deadline; its logs are kept for the failure message.
/// </summary>
public sealed class Sipp(string logFolder)
{
    private readonly List<SippProcess> _started = [];

    /// <summary>The latest SIPps started and how each stands, for a failure message.</summary>
    public string Recent()
    {
        lock (_started) return string.Join('\n', _started.Select(s => s.State));
    }

    private static string ScenarioFolder => Path.Combine(AppContext.BaseDirectory, "Asterisk", "Harness", "Scenarios");

    /// <summary>Fails (never skips) when SIPp is missing: scripts/test.sh installs it.</summary>
    public void EnsureInstalled()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "sipp")));
        if (!found) throw new InvalidOperationException("SIPp is not installed (Debian package sip-tester); scripts/test.sh installs it.");
        Directory.CreateDirectory(logFolder);
    }

    /// <summary>Registers <paramref name="phone"/>; calls for it go to <paramref name="contactPort"/> (where an answering SIPp listens).</summary>
    public Task<SippResult> RegisterAsync(AsteriskServer asterisk, SipAccount phone, int contactPort, string address = "127.0.0.1") =>
        Start("register.xml", address, asterisk.SipTarget, TimeSpan.FromSeconds(15),
            ["-key", "user", phone.Username, "-key", "contact_port", contactPort.ToString(), "-au", phone.Username, "-ap", phone.Password]).WaitAsync();

    /// <summary>
    /// A phone that registers, then takes one call (see <see cref="Answer"/>). It registers from the very port it answers
    /// on: Asterisk rewrites a phone's contact to the address its REGISTER came from (rewrite_contact, for phones behind NAT).
    /// </summary>
    public async Task<SippProcess> RegisteredPhoneAsync(AsteriskServer asterisk, SipAccount phone, string address = "127.0.0.1", TimeSpan? timeout = null)
    {
        var port = Ports.FreeUdp(address);
        var registered = await Start("register.xml", address, asterisk.SipTarget, TimeSpan.FromSeconds(15),
            ["-key", "user", phone.Username, "-key", "contact_port", port.ToString(), "-au", phone.Username, "-ap", phone.Password], port).WaitAsync();
        registered.ShouldEndWith(200);
        var answering = Answer(address, port, timeout);
        // The registering SIPp has let the port go and the answering one is still starting: a call placed now would send
        // its INVITE to nobody. Wait until the answering SIPp holds the port.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (PortIsFree(port))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"SIPp did not take {address}:{port} to answer on.");
            await Task.Delay(20);
        }
        return answering;
    }

    /// <summary>Whether no socket holds UDP <paramref name="port"/>, read from /proc (binding to find out could take it from SIPp).</summary>
    private static bool PortIsFree(int port)
    {
        var suffix = $":{port:X4}";
        return !File.ReadLines("/proc/net/udp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 1 && fields[1].EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Calls <paramref name="dialled"/> from <paramref name="address"/>, as <paramref name="from"/>; a phone passes its
    /// credentials for the digest challenge, a carrier (matched by its address) none. An answered call is held for
    /// <paramref name="hold"/> (default 1 s), then hung up.
    /// </summary>
    public Task<SippResult> CallAsync(AsteriskServer asterisk, string dialled, string from, SipAccount? credentials = null,
        TimeSpan? hold = null, string address = "127.0.0.1") => StartCall(asterisk, dialled, from, credentials, hold, address).WaitAsync();

    /// <summary>Like <see cref="CallAsync"/>, but returns at once: for calls that must be up while something else happens.</summary>
    public SippProcess StartCall(AsteriskServer asterisk, string dialled, string from, SipAccount? credentials = null,
        TimeSpan? hold = null, string address = "127.0.0.1")
    {
        var holdFor = hold ?? TimeSpan.FromSeconds(1);
        var user = credentials?.Username ?? from;
        List<string> args = ["-s", dialled, "-key", "from", from, "-d", ((int)holdFor.TotalMilliseconds).ToString(), "-au", user, "-ap", credentials?.Password ?? "none"];
        return Start("uac-call.xml", address, asterisk.SipTarget, holdFor + TimeSpan.FromSeconds(20), args);
    }

    /// <summary>
    /// Like <see cref="CallAsync"/>, but the caller talks once answered (7 s of speech as PCMA RTP) and, with
    /// <paramref name="digit"/>, presses that key 1.5 s after the answer (SIP INFO); the call is held for <paramref name="hold"/>.
    /// </summary>
    /// <param name="longTalk">Talks 21 s (three times the speech) before the hold: for recordings that start late.</param>
    public Task<SippResult> TalkAsync(AsteriskServer asterisk, string dialled, SipAccount caller, TimeSpan hold, char? digit = null, bool longTalk = false)
    {
        List<string> args = ["-s", dialled, "-key", "from", caller.Username, "-d", ((int)hold.TotalMilliseconds).ToString(), "-au", caller.Username, "-ap", caller.Password];
        if (digit is { } key) args.AddRange(["-key", "digit", key.ToString()]);
        var scenario = digit is not null ? "uac-talk-digit.xml" : longTalk ? "uac-talk-long.xml" : "uac-talk.xml";
        return Start(scenario, "127.0.0.1", asterisk.SipTarget, hold + TimeSpan.FromSeconds(longTalk ? 50 : 30), args).WaitAsync();
    }

    /// <summary>
    /// <paramref name="caller"/> dials <paramref name="dialled"/> and talks (<see cref="TalkAsync"/>); <paramref name="callee"/>,
    /// registered and waiting, answers: the call ends with 200 and the callee has answered it.
    /// </summary>
    public async Task TalkAnsweredAsync(AsteriskServer asterisk, SipAccount caller, string dialled, SipAccount callee, TimeSpan hold,
        char? digit = null, bool longTalk = false)
    {
        await using var ringing = await RegisteredPhoneAsync(asterisk, callee, timeout: hold + TimeSpan.FromSeconds(longTalk ? 60 : 40));
        (await TalkAsync(asterisk, dialled, caller, hold, digit, longTalk)).ShouldEndWith(200);
        (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
    }

    /// <summary>Waits on <paramref name="address"/>:<paramref name="port"/> for one call and answers it (a phone or a carrier).</summary>
    public SippProcess Answer(string address, int port, TimeSpan? timeout = null) =>
        Start("uas-answer.xml", address, null, timeout ?? TimeSpan.FromSeconds(30), [], port, callLimit: false);

    /// <summary>A carrier's registrar on <paramref name="address"/>:<paramref name="port"/>: takes one registration and its unregistration.</summary>
    public SippProcess Registrar(string address, int port, TimeSpan? timeout = null) =>
        Start("uas-registrar.xml", address, null, timeout ?? TimeSpan.FromSeconds(30), [], port);

    /// <param name="callLimit">
    /// With -m 1, SIPp ends after one call. A scenario that ends SIPp itself (uas-answer, see its comment) runs without it.
    /// </param>
    private SippProcess Start(string scenario, string address, string? target, TimeSpan timeout, IEnumerable<string> args, int? port = null, bool callLimit = true)
    {
        var localPort = port ?? Ports.FreeUdp(address);
        var name = $"{Path.GetFileNameWithoutExtension(scenario)}-{address}-{localPort}-{Guid.NewGuid().ToString("N")[..6]}";
        var files = new SippFiles(Path.Combine(logFolder, name + ".log"), Path.Combine(logFolder, name + ".errors"), Path.Combine(logFolder, name + ".messages"));
        var start = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        List<string> all =
        [
            "-sf", Path.Combine(ScenarioFolder, scenario), "-i", address, "-p", localPort.ToString(),
            // Each SIPp binds an RTP echo port (and the one two above) and a control port; the defaults would collide.
            "-mp", MediaPort(address).ToString(), "-cp", Ports.FreeUdp("0.0.0.0").ToString(),
            .. (callLimit ? new[] { "-m", "1" } : []), "-nostdin", "-aa", "-timeout", $"{(int)timeout.TotalSeconds}s", "-timeout_error",
            "-trace_logs", "-log_file", files.Log, "-trace_err", "-error_file", files.Errors, "-trace_msg", "-message_file", files.Messages,
            .. args,
        ];
        if (target is not null) all.Add(target);
        foreach (var arg in all) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start sipp.");
        var sipp = new SippProcess(process, files, localPort, timeout + TimeSpan.FromSeconds(10), string.Join(' ', all));
        lock (_started)
        {
            _started.Add(sipp);
            if (_started.Count > 20) _started.RemoveAt(0);
        }
        return sipp;
    }

    private static int MediaPort(string address)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20000, 29998) & ~1;
            if (Ports.IsUdpFree(address, port) && Ports.IsUdpFree(address, port + 2)) return port;
        }
        throw new InvalidOperationException("No free RTP port pair for SIPp.");
    }
}
