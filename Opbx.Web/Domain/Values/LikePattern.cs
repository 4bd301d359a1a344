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

    /// <summary>What is searched for: trimmed, at most <see cref="MaxSearchLength"/> characters.</summary>
    public static string Searchable(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > MaxSearchLength ? trimmed[..MaxSearchLength] : trimmed;
    }

    private static string Escaped(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
