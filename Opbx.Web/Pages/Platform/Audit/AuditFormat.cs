using System.Text.Json.Nodes;
using Opbx.Domain;

namespace Opbx.Pages.Platform.Audit;

/// <summary>Before/after values of an audit entry as short readable lines.</summary>
public static class AuditFormat
{
    /// <summary>Created and deleted entries list every field: the view folds those away behind a summary.</summary>
    public static bool IsWholeRecord(AuditEntry entry) =>
        entry.Action.EndsWith(".created", StringComparison.Ordinal) || entry.Action.EndsWith(".deleted", StringComparison.Ordinal);

    public static IReadOnlyList<string> Lines(AuditEntry entry)
    {
        var lines = new List<string>();
        if (JsonNode.Parse(entry.Changes) is not JsonObject changes) return lines;
        foreach (var (field, change) in changes)
        {
            if (change is not JsonObject c) continue;
            if (c.ContainsKey("changed")) lines.Add($"{field}: changed");
            else if (c.ContainsKey("from") && c.ContainsKey("to")) lines.Add($"{field}: {Show(c["from"])} → {Show(c["to"])}");
            else if (c.ContainsKey("to")) lines.Add($"{field}: {Show(c["to"])}");
            else if (c.ContainsKey("from")) lines.Add($"{field}: {Show(c["from"])}");
        }
        return lines;
    }

    private static string Show(JsonNode? node) => node is null ? "—" : node.ToString();
}
