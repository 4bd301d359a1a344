namespace Opbx.Asterisk;

/// <summary>
/// One "[name](options)" section of an Asterisk .conf file and its "key = value" / "key => value" lines, as Asterisk
/// reads them: "(!)" marks a template, other options name the templates it inherits, "(+)" adds to an earlier section.
/// </summary>
public sealed record ConfigSection(string Name, bool IsTemplate, bool Appends, IReadOnlyList<string> Templates,
    IReadOnlyList<KeyValuePair<string, string>> Settings)
{
    public string? this[string key] => Settings.LastOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Sections of a .conf file; comments (";" to end of line, ";-- … --;" blocks) and directives are skipped.</summary>
    public static IReadOnlyList<ConfigSection> Parse(string content)
    {
        var sections = new List<ConfigSection>();
        string? name = null;
        var isTemplate = false;
        var appends = false;
        List<string> templates = [];
        List<KeyValuePair<string, string>> settings = [];
        var inBlockComment = false;

        void Flush()
        {
            if (name is not null) sections.Add(new ConfigSection(name, isTemplate, appends, templates, settings));
        }

        foreach (var raw in content.Split('\n'))
        {
            var line = StripComments(raw.TrimEnd('\r'), ref inBlockComment).Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] == '[')
            {
                var close = line.IndexOf(']');
                if (close < 0) continue;
                Flush();
                name = line[1..close].Trim();
                isTemplate = false;
                appends = false;
                templates = [];
                settings = [];
                var rest = line[(close + 1)..].Trim();
                if (rest.StartsWith('(') && rest.EndsWith(')'))
                {
                    foreach (var option in rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (option == "!") isTemplate = true;
                        else if (option == "+") appends = true;
                        else templates.Add(option);
                    }
                }
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals <= 0 || name is null) continue;
            var value = line[(equals + 1)..];
            if (value.StartsWith('>')) value = value[1..];
            settings.Add(KeyValuePair.Create(line[..equals].Trim(), value.Trim()));
        }
        Flush();
        return sections;
    }

    private static string StripComments(string line, ref bool inBlockComment)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (inBlockComment)
            {
                if (line.AsSpan(i).StartsWith("--;"))
                {
                    inBlockComment = false;
                    i += 2;
                }
                continue;
            }
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == ';')
            {
                text.Append(';');
                i++;
                continue;
            }
            if (line[i] == ';')
            {
                if (line.AsSpan(i).StartsWith(";--"))
                {
                    inBlockComment = true;
                    i += 2;
                    continue;
                }
                break;
            }
            text.Append(line[i]);
        }
        return text.ToString();
    }
}
