using CsvHelper;

namespace Opbx.Domain;

/// <summary>
/// The one CSV writer of every export (users, audit logs, and any later one): RFC 4180, and a cell that starts with
/// = + - @, a tab or a carriage return gets a leading ' so a spreadsheet shows it as text instead of running it as a
/// formula (CSV injection: a person named "=HYPERLINK(...)" must not become a link in an admin's Excel). Rows go out as
/// they are written, so an export of 100,000 rows streams instead of being built in memory.
/// </summary>
public static class CsvExport
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>A writer on <paramref name="writer"/> (left open: the caller owns the response stream).</summary>
    public static CsvWriter Create(TextWriter writer) => CsvWriter.Create(writer, Options, leaveOpen: true);

    /// <summary>
    /// A cell of a file that this export produced, read back as it was before escaping ("'=x" → "=x"), so exporting and
    /// importing the same people changes nothing.
    /// </summary>
    public static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && Options.InjectionCharacters.Contains(cell[1]) ? cell[1..] : cell;
}
