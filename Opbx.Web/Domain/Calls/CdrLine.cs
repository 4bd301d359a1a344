using System.Globalization;
using System.Text.RegularExpressions;

namespace Opbx.Domain.Calls;

/// <summary>
/// One line of the CDR file Opbx's cdr_custom mapping writes (Asterisk/Templates/top.cdr_custom.conf.hbs), in its column
/// order: accountcode, uniqueid, linkedid, sequence, start, answer, end (Unix seconds, 0 = never), duration, billsec,
/// disposition, src, dst, channel, dstchannel, dcontext, opbx_recording. Every field is quoted, a quote inside doubled.
/// </summary>
public sealed partial record CdrLine(
    string AccountCode, string UniqueId, string LinkedId, int Sequence,
    DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt,
    int DurationSeconds, int BillSeconds, CallDisposition Disposition,
    string Source, string Destination, string Channel, string DestinationChannel, string Context, string? RecordingFile)
{
    public const int Columns = 16;

    /// <summary>
    /// Reads a line (without its line end). Anything Asterisk would not have written is refused with the reason, so the
    /// caller skips and logs that line instead of stopping: one bad line never holds up the ones after it.
    /// </summary>
    public static bool TryParse(string line, out CdrLine? cdr, out string error)
    {
        cdr = null;
        if (!TrySplit(line, out var f, out error)) return false;
        if (f.Count != Columns)
        {
            error = $"{f.Count} columns instead of {Columns}.";
            return false;
        }
        if (f[1].Length is 0 or > 150 || f[2].Length > 150)
        {
            error = "No uniqueid, or a uniqueid or linkedid longer than 150 characters.";
            return false;
        }
        if (!int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) return Fail("sequence", out error);
        if (!TryTime(f[4], out var start) || start is null) return Fail("start", out error);
        if (!TryTime(f[5], out var answer)) return Fail("answer", out error);
        if (!TryTime(f[6], out var end)) return Fail("end", out error);
        if (!int.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out var duration)) return Fail("duration", out error);
        if (!int.TryParse(f[8], NumberStyles.None, CultureInfo.InvariantCulture, out var billsec)) return Fail("billsec", out error);
        if (ParseDisposition(f[9]) is not { } disposition) return Fail("disposition", out error);
        cdr = new CdrLine(f[0], f[1], f[2].Length == 0 ? f[1] : f[2], sequence, start.Value, answer, end, duration, billsec, disposition,
            Cut(f[10], 80), Cut(f[11], 80), Cut(f[12], 200), Cut(f[13], 200), f[14],
            // A file name made of generated ids only: anything else (a path, "..") is not taken as a recording.
            RecordingName().IsMatch(f[15]) && !f[15].Contains("..", StringComparison.Ordinal) ? f[15] : null);
        return true;
    }

    private static bool Fail(string column, out string error)
    {
        error = $"Unreadable {column}.";
        return false;
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>Unix seconds; 0 or empty: the moment never came (a call not answered).</summary>
    private static bool TryTime(string text, out DateTimeOffset? time)
    {
        time = null;
        if (text.Length == 0) return true;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799) return false;
        if (seconds > 0) time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static CallDisposition? ParseDisposition(string text) => text switch
    {
        "ANSWERED" => CallDisposition.Answered,
        "NO ANSWER" => CallDisposition.NoAnswer,
        "BUSY" => CallDisposition.Busy,
        "FAILED" => CallDisposition.Failed,
        "CONGESTION" => CallDisposition.Congestion,
        _ => null,
    };

    /// <summary>RFC 4180 fields of one line: quoted ("" inside is a quote) or bare; a quote left open or text after a closing quote is refused.</summary>
    private static bool TrySplit(string line, out List<string> fields, out string error)
    {
        fields = [];
        error = "";
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = "A quote is not closed.";
                        return false;
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(line[i++]);
                }
                fields.Add(value.ToString());
                if (i < line.Length && line[i] != ',')
                {
                    error = "Text after a closing quote.";
                    return false;
                }
            }
            else
            {
                var comma = line.IndexOf(',', i);
                var value = comma < 0 ? line[i..] : line[i..comma];
                if (value.Contains('"'))
                {
                    error = "A quote inside an unquoted field.";
                    return false;
                }
                fields.Add(value);
                i = comma < 0 ? line.Length : comma;
            }
            if (i >= line.Length) return true;
            i++; // the comma
            if (fields.Count > Columns)
            {
                error = "Too many columns.";
                return false;
            }
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,99}\z")]
    private static partial Regex RecordingName();
}
