namespace Opbx.Tests.Asterisk;

/// <summary>
/// A small reader of Asterisk's .conf syntax, as Asterisk's config parser reads it: <c>;</c> starts a comment unless
/// escaped as <c>\;</c>, <c>[name]</c> opens a section (<c>[name](!)</c> a template, <c>[name](template)</c> one that uses it), <c>#include</c>/<c>#exec</c> are directives, <c>key = value</c>
/// and <c>key => value</c> are entries, one per line. Enough to compare what two renders mean.
/// </summary>
public static class ConfParser
{
    public sealed record Entry(string Key, string Value);

    /// <summary>A section; <see cref="Template"/> is what follows the name in parentheses: "!" (a template itself) or the templates it uses.</summary>
    public sealed record Section(string Name, string? Template, List<Entry> Entries);

    public sealed record Conf(List<string> Directives, List<Section> Sections);

    public static Conf Parse(string text)
    {
        var directives = new List<string>();
        var sections = new List<Section>();
        Section? current = null;
        // Asterisk splits on \n only (and drops \r); anything else stays in the line.
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw.TrimEnd('\r')).Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                directives.Add(line);
                continue;
            }
            if (line.StartsWith('['))
            {
                var end = line.IndexOf(']');
                if (end < 0) throw new FormatException($"Unclosed section header: {line}");
                var rest = line[(end + 1)..].Trim();
                string? template = null;
                if (rest.StartsWith('(') && rest.EndsWith(')')) template = rest[1..^1];
                else if (rest.Length > 0) throw new FormatException($"Unexpected text after a section header: {line}");
                current = new Section(line[1..end], template, []);
                sections.Add(current);
                continue;
            }
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            var equals = line.IndexOf('=');
            var at = arrow >= 0 && arrow <= equals ? arrow : equals;
            if (at < 0) throw new FormatException($"Not an entry: {line}");
            if (current is null) throw new FormatException($"Entry outside a section: {line}");
            var width = at == arrow ? 2 : 1;
            current.Entries.Add(new Entry(line[..at].Trim(), line[(at + width)..].Trim()));
        }
        return new Conf(directives, sections);
    }

    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == ';' && (i == 0 || line[i - 1] != '\\')) return line[..i];
        }
        return line;
    }
}
