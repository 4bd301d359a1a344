using System.Text;

namespace Opbx.Domain.Calls;

/// <summary>
/// What the call records' number and extension filters compare, kept by SQLite as generated columns so that every way a
/// record is written (ingestion's upsert, EF, SQL) keeps them right, each indexed after the organization with the start
/// time (<c>CallRecordConfiguration</c>):
/// <list type="bullet">
/// <item>the number <em>reversed</em> (its last <see cref="SuffixLength"/> characters, last first), so "the number ends
/// with 3456" is the index range of keys starting with "6543" (a LIKE '%3456' could not use an index);</item>
/// <item>the phone (PJSIP endpoint name) of a channel, "PJSIP/o1a2b3-0000002a" → "o1a2b3", so "the extension's phone
/// made or took the call" is an equality on an index instead of a LIKE on the channel name.</item>
/// </list>
/// </summary>
public static class CallNumberKeys
{
    /// <summary>As many characters as the longest number a filter accepts (20 digits).</summary>
    public const int SuffixLength = 20;

    /// <summary>The generated column's expression: the last <see cref="SuffixLength"/> characters of the column, last first.</summary>
    public static string SuffixSql(string column)
    {
        var sql = new StringBuilder();
        for (var i = 1; i <= SuffixLength; i++)
        {
            if (i > 1) sql.Append(" || ");
            // substr with a position before the first character gives '' (a shorter number simply ends).
            sql.Append($"substr(\"{column}\", -{i}, 1)");
        }
        return sql.ToString();
    }

    /// <summary>
    /// The generated column's expression: the endpoint name of a PJSIP channel (Asterisk names it "PJSIP/&lt;endpoint&gt;-&lt;8 hex
    /// digits&gt;": the hex digits, then the dash, are cut from the end), NULL for any other channel.
    /// </summary>
    public static string PhoneSql(string column) =>
        $"CASE WHEN substr(\"{column}\", 1, 6) = 'PJSIP/' THEN substr(rtrim(rtrim(\"{column}\", '0123456789abcdef'), '-'), 7) END";

    /// <summary>The same as <see cref="SuffixSql"/>, in C# (what the generated column holds for <paramref name="number"/>).</summary>
    public static string Suffix(string number)
    {
        var tail = number.Length > SuffixLength ? number[^SuffixLength..] : number;
        var reversed = tail.ToCharArray();
        Array.Reverse(reversed);
        return new string(reversed);
    }

    /// <summary>
    /// The index range [From, To) of text starting with <paramref name="prefix"/>: To is the prefix with its last character
    /// one higher, so that a range comparison (which an index serves) finds exactly what a LIKE 'prefix%' would.
    /// </summary>
    public static (string From, string To) StartingWith(string prefix) =>
        (prefix, prefix.Length == 0 ? "\uffff" : prefix[..^1] + (char)(prefix[^1] + 1));
}
