using System.Globalization;

namespace Opbx.Tests.Calls;

/// <summary>CDR lines as Opbx's cdr_custom mapping writes them (every field quoted, a quote doubled), for the tests.</summary>
public static class CdrText
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static string Line(string account, string uniqueId, int sequence = 1, string? linkedId = null, DateTimeOffset? start = null,
        int billsec = 30, string disposition = "ANSWERED", string src = "100", string dst = "101", string channel = "PJSIP/x-00000001",
        string dstChannel = "PJSIP/y-00000002", string recording = "")
    {
        var s = start ?? Start;
        var answered = disposition == "ANSWERED";
        var begin = s.ToUnixTimeSeconds();
        var answer = answered ? begin + 5 : 0;
        var end = begin + 5 + billsec;
        string[] fields = [account, uniqueId, linkedId ?? uniqueId, Num(sequence), Num(begin), Num(answer), Num(end), Num(end - begin),
            Num(answered ? billsec : 0), disposition, src, dst, channel, dstChannel, "opbx-ctx", recording];
        return string.Join(",", fields.Select(f => "\"" + f.Replace("\"", "\"\"") + "\""));
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
