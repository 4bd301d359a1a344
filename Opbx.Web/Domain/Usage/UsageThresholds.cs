namespace Opbx.Domain.Usage;

/// <summary>
/// The percentages of monthly_minutes and storage_gb at which owners are e-mailed, stored as "80,100". One to five whole
/// percentages from 1 to 1000 (past 100 % warns of going far over an advisory limit), each at most once.
/// </summary>
public static class UsageThresholds
{
    public const string Default = "80,100";
    public const string Rule = "Give one to five percentages from 1 to 1000, separated by commas, like 80, 100.";

    /// <summary>The stored value as numbers, smallest first; a stored value that cannot be read means the default.</summary>
    public static IReadOnlyList<int> Of(string? stored) => TryParse(stored, out var values) ? values : [80, 100];

    public static bool TryParse(string? text, out IReadOnlyList<int> values)
    {
        values = [];
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var digits = part.EndsWith('%') ? part[..^1].TrimEnd() : part;
            if (digits.Length is 0 or > 4 || !digits.All(char.IsAsciiDigit)) return false;
            var value = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            if (value is < 1 or > 1000 || list.Contains(value)) return false;
            list.Add(value);
        }
        if (list.Count is 0 or > 5) return false;
        list.Sort();
        values = list;
        return true;
    }

    /// <summary>The canonical stored form: "80,100".</summary>
    public static string Format(IEnumerable<int> values) => string.Join(",", values);
}
