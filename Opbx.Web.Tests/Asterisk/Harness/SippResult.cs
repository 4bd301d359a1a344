using System.Text.RegularExpressions;

namespace Opbx.Tests.Asterisk.Harness;

/// <summary>
/// What a SIPp run saw: its exit code (0, or 97 for a scenario that stops SIPp at its end: it ran to its end), its &lt;log&gt; lines ("final=503",
/// "invite to=… from=…"), and for failure messages its screen output, unexpected messages and SIP trace.
/// </summary>
public sealed partial record SippResult(int ExitCode, string CommandLine, IReadOnlyList<string> Log, string Output, string Errors, string Messages)
{
    /// <summary>SIPp's exit code after a scenario's own <c>stop_now</c> (uas-answer's last step).</summary>
    private const int StoppedAtItsEnd = 97;

    /// <summary>Whether the scenario ran to its end.</summary>
    public bool Completed => ExitCode is 0 or StoppedAtItsEnd;

    /// <summary>The final SIP answer the caller or registering phone got, or null if none arrived.</summary>
    public int? FinalCode => Log.Select(l => Final().Match(l)).Where(m => m.Success).Select(m => (int?)int.Parse(m.Groups[1].Value)).LastOrDefault();

    /// <summary>Calls an answering SIPp took: the Request-URI user Asterisk dialled and the From user it presented.</summary>
    public IReadOnlyList<(string To, string From)> Invites =>
        Log.Select(l => Invite().Match(l)).Where(m => m.Success).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    /// <summary>The Expires of each REGISTER a registrar SIPp took (0: an unregistration).</summary>
    public IReadOnlyList<int> Registrations =>
        Log.Select(l => Register().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();

    /// <summary>Asserts the scenario ran to its end with <paramref name="code"/> as its final answer.</summary>
    public void ShouldEndWith(int code)
    {
        Assert.True(Completed && FinalCode == code, $"Expected SIP {code}, got {FinalCode?.ToString() ?? "no final answer"} (sipp exit {ExitCode}).\n{Describe()}");
    }

    /// <summary>Asserts an answering SIPp took exactly one call and saw it through.</summary>
    public void ShouldHaveAnsweredOneCall()
    {
        Assert.True(Completed && Invites.Count == 1, $"Expected one answered call (sipp exit {ExitCode}, {Invites.Count} calls).\n{Describe()}");
    }

    public string Describe() =>
        $"""
        sipp {CommandLine}
        --- log
        {string.Join('\n', Log)}
        --- unexpected messages
        {Errors}
        --- SIP trace (last 6000 characters)
        {(Messages.Length > 6000 ? Messages[^6000..] : Messages)}
        --- screen (last 3000 characters)
        {(Output.Length > 3000 ? Output[^3000..] : Output)}
        """;

    public override string ToString() => Describe();

    [GeneratedRegex(@"final=(\d{3})")]
    private static partial Regex Final();

    [GeneratedRegex(@"register expires=(\d+)")]
    private static partial Regex Register();

    [GeneratedRegex(@"invite to=(\S*) from=(\S*)")]
    private static partial Regex Invite();
}
