namespace Opbx.Domain;

/// <summary>
/// Patterns for SQL LIKE with <see cref="Escape"/> as the escape character, so a % or _ that a person types matches
/// itself instead of acting as a wildcard.
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string text) => $"%{Escaped(text.Trim())}%";

    public static string StartingWith(string text) => $"{Escaped(text.Trim())}%";

    private static string Escaped(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
