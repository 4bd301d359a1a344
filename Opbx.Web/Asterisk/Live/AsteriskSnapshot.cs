namespace Opbx.Asterisk.Live;

/// <summary>
/// What Asterisk held at one moment, read over AMI by <see cref="AsteriskMonitor"/>: connection, version, start and last
/// reload, the calls up and the registered phones. Pages and /metrics read this one shared snapshot, never AMI
/// themselves, so many viewers cost Asterisk nothing more than one.
/// </summary>
public sealed class AsteriskSnapshot
{
    // Trunks' AORs (PbxNames.TrunkEndpoint) hold the carriers' static contacts: not phones.
    private const string TrunkPrefix = "opbx-trunk-";
    private readonly IReadOnlyDictionary<string, PhoneRegistration> _phones;
    private readonly ILookup<string, LiveCall> _callsByAccountCode;

    private AsteriskSnapshot(bool configured, bool connected, string? problem, DateTimeOffset takenAt, string? version, DateTimeOffset? startedAt,
        DateTimeOffset? reloadedAt, IReadOnlyList<LiveCall> calls, IReadOnlyList<SipContact> contacts)
    {
        Configured = configured;
        Connected = connected;
        Problem = problem;
        TakenAt = takenAt;
        Version = version;
        StartedAt = startedAt;
        ReloadedAt = reloadedAt;
        Calls = calls;
        _callsByAccountCode = calls.ToLookup(c => c.AccountCode, StringComparer.Ordinal);
        _phones = contacts.Where(c => !c.Aor.StartsWith(TrunkPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.Aor, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new PhoneRegistration(g.Key, g.ToList()), StringComparer.Ordinal);
    }

    /// <summary>No AMI host is configured: nothing is ever read.</summary>
    public static AsteriskSnapshot NotConfigured { get; } = new(false, false, null, DateTimeOffset.MinValue, null, null, null, [], []);

    /// <summary>AMI is configured but nothing has been read yet (or not for a while).</summary>
    public static AsteriskSnapshot NotRead { get; } = new(true, false, null, DateTimeOffset.MinValue, null, null, null, [], []);

    public static AsteriskSnapshot Unreachable(string problem, DateTimeOffset at) => new(true, false, problem, at, null, null, null, [], []);

    public static AsteriskSnapshot Read(DateTimeOffset at, string? version, DateTimeOffset? startedAt, DateTimeOffset? reloadedAt,
        IReadOnlyList<ActiveChannel> channels, IReadOnlyList<SipContact> contacts) =>
        new(true, true, null, at, version, startedAt, reloadedAt, CallsOf(channels), contacts);

    public bool Configured { get; }
    /// <summary>The last read reached Asterisk; numbers below are real.</summary>
    public bool Connected { get; }
    /// <summary>Why Asterisk could not be read (connection refused, login refused, timeout).</summary>
    public string? Problem { get; }
    public DateTimeOffset TakenAt { get; }
    /// <summary>"Asterisk 22.10.1".</summary>
    public string? Version { get; }
    public DateTimeOffset? StartedAt { get; }
    /// <summary>Asterisk's own last reload time (of any module).</summary>
    public DateTimeOffset? ReloadedAt { get; }
    public IReadOnlyList<LiveCall> Calls { get; }

    /// <summary>Phones registered now (contacts of phone AORs; trunks' contacts are not phones).</summary>
    public int RegisteredPhones => _phones.Values.Count(p => p.Online);

    /// <summary>The calls carrying one organization's account code (its key).</summary>
    public IReadOnlyList<LiveCall> CallsOf(string accountCode) => _callsByAccountCode[accountCode].ToList();

    /// <summary>Calls per account code, busiest first; calls without an account code under "".</summary>
    public IReadOnlyList<(string AccountCode, int Calls)> CallsByAccountCode() =>
        _callsByAccountCode.Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

    /// <summary>The registration of a phone by its SIP username (its AOR), or null when it has no contact.</summary>
    public PhoneRegistration? Registration(string sipUsername) => _phones.GetValueOrDefault(sipUsername);

    /// <summary>
    /// Channels grouped into calls by LinkedId. The call belongs to the account code of its first channel (the caller's)
    /// when that has one, else of any of its channels; From is the caller's number, To what it dialled.
    /// </summary>
    private static List<LiveCall> CallsOf(IReadOnlyList<ActiveChannel> channels) =>
        channels.GroupBy(c => string.IsNullOrEmpty(c.LinkedId) ? c.UniqueId : c.LinkedId, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.FirstOrDefault(c => c.UniqueId == g.Key) ?? g.First();
                var accountCode = first.AccountCode.Length > 0 ? first.AccountCode : g.FirstOrDefault(c => c.AccountCode.Length > 0)?.AccountCode ?? "";
                return new LiveCall(g.Key, accountCode, Number(first.CallerIdNumber), Dialled(first), g.Max(c => c.Duration), g.Count());
            })
            .OrderByDescending(c => c.Duration).ThenBy(c => c.LinkedId, StringComparer.Ordinal)
            .ToList();

    // The caller's channel still sits on the number it dialled (a phone's extension, group, queue or outbound number);
    // an inbound call sits on a label of the dialplan's own ("did…"): then the party it is connected to.
    private static string Dialled(ActiveChannel caller) =>
        caller.Extension.Length > 0 && caller.Extension.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '*' or '#') ? caller.Extension : Number(caller.ConnectedLineNumber);

    private static string Number(string text) => text is "" or "<unknown>" ? "" : text;
}
