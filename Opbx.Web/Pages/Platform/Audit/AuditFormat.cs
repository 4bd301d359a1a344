using System.Text;
using System.Text.Json.Nodes;
using Opbx.Domain;

namespace Opbx.Pages.Platform.Audit;

/// <summary>Before/after values of an audit entry as short readable lines.</summary>
public static class AuditFormat
{
    public static string Changes(AuditEntry entry)
    {
        var text = new StringBuilder();
        if (JsonNode.Parse(entry.Changes) is JsonObject changes)
        {
            foreach (var (field, change) in changes)
            {
                if (change is not JsonObject c) continue;
                if (c.ContainsKey("changed")) text.Append(field).AppendLine(": changed");
                else if (c.ContainsKey("from") && c.ContainsKey("to")) text.Append(field).Append(": ").Append(Show(c["from"])).Append(" → ").AppendLine(Show(c["to"]));
                else if (entry.Action.EndsWith(".created", StringComparison.Ordinal) && c.ContainsKey("to") && c["to"] is not null) text.Append(field).Append(": ").AppendLine(Show(c["to"]));
            }
        }
        if (entry.Note is not null) text.AppendLine(entry.Note);
        var result = text.ToString().TrimEnd();
        return result.Length > 600 ? result[..600] + "…" : result;
    }

    private static string Show(JsonNode? node) => node is null ? "—" : node.ToString();
}
