using System.Text;

namespace Opbx.Asterisk.Ami;

/// <summary>
/// One AMI packet: "Key: Value" lines up to a blank line. Keys may repeat (a Command's "Output" lines), so the fields
/// keep their order; lookups ignore case, as Asterisk does.
/// </summary>
public sealed class AmiMessage
{
    public AmiMessage(IReadOnlyList<KeyValuePair<string, string>> fields) => Fields = fields;

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The first value of <paramref name="key"/>, or null.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var (k, v) in Fields)
            {
                if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
            }
            return null;
        }
    }

    /// <summary>Every value of <paramref name="key"/>, in order.</summary>
    public IReadOnlyList<string> All(string key) =>
        Fields.Where(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList();

    public string? ActionId => this["ActionID"];
    public string? Response => this["Response"];
    public string? EventName => this["Event"];
    public string? Message => this["Message"];
    public bool IsResponse => Response is not null;
    public bool IsEvent => !IsResponse && EventName is not null;

    /// <summary>"Success", or "Goodbye" for a Logoff; "Error" (and anything else) is not.</summary>
    public bool IsSuccess => Response is { } r && (r.Equals("Success", StringComparison.OrdinalIgnoreCase) || r.Equals("Goodbye", StringComparison.OrdinalIgnoreCase));

    /// <summary>Throws <see cref="AmiActionException"/> unless this response says Success.</summary>
    public AmiMessage EnsureSuccess(string action)
    {
        if (!IsSuccess) throw new AmiActionException(action, this);
        return this;
    }

    /// <summary>The packet as text, with secrets masked (it ends up in logs and exception messages).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (k, v) in Fields)
        {
            text.Append(k).Append(": ").Append(k.Equals("Secret", StringComparison.OrdinalIgnoreCase) ? "***" : v).Append('\n');
        }
        return text.ToString();
    }
}
