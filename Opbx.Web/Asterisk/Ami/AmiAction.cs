using System.Text;
using System.Text.RegularExpressions;

namespace Opbx.Asterisk.Ami;

/// <summary>
/// An action to send: its name and fields. The client adds the ActionID. A CR or LF in a value would end the line and
/// let the value smuggle in fields or a whole second action, so values with them (or NUL) are refused here, once.
/// </summary>
public sealed partial class AmiAction
{
    public AmiAction(string name, params (string Key, string Value)[] fields)
    {
        if (!Token().IsMatch(name)) throw new ArgumentException($"'{name}' is not an AMI action name.", nameof(name));
        foreach (var (key, value) in fields)
        {
            if (!Token().IsMatch(key)) throw new ArgumentException($"'{key}' is not an AMI field name.", nameof(fields));
            if (key.Equals("ActionID", StringComparison.OrdinalIgnoreCase) || key.Equals("Action", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The client sets {key} itself.", nameof(fields));
            }
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0) throw new ArgumentException($"The value of {key} contains a line break or NUL.", nameof(fields));
        }
        Name = name;
        Fields = fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
    }

    public string Name { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    internal byte[] Serialize(string actionId)
    {
        var text = new StringBuilder();
        text.Append("Action: ").Append(Name).Append("\r\n");
        text.Append("ActionID: ").Append(actionId).Append("\r\n");
        foreach (var (k, v) in Fields) text.Append(k).Append(": ").Append(v).Append("\r\n");
        text.Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public override string ToString() => Name;

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\z")]
    private static partial Regex Token();
}
