namespace Opbx.Domain.Values;

/// <summary>
/// Patterns for SQL LIKE with <see cref="Escape"/> as the escape character, so a % or _ that a person types matches
/// itself instead of acting as a wildcard.
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    /// <summary>
    /// Longer search text cannot match anything the product stores (names are at most 100 characters, e-mail addresses 254),
    /// and SQLite refuses LIKE patterns over 50,000 bytes ("LIKE or GLOB pattern too complex").
    /// </summary>
    public const int MaxSearchLength = 256;

    public static string Containing(string text) => $"%{Escaped(Searchable(text))}%";

    public static string StartingWith(string text) => $"{Escaped(Searchable(text))}%";

    /// <summary>
    /// What is searched for: without NUL characters (SQLite ends a LIKE pattern at one, so "a\0bc" searched for "a", and
    /// FTS5 refuses one in a phrase; no stored name or e-mail holds one), trimmed, at most <see cref="MaxSearchLength"/> characters.
    /// </summary>
    public static string Searchable(string text)
    {
        var trimmed = text.Replace("\0", "").Trim();
        return trimmed.Length > MaxSearchLength ? trimmed[..MaxSearchLength] : trimmed;
    }

    private static string Escaped(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
