using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain;
using Opbx.Domain.Audit;

namespace Opbx.Pages.Platform.Audit;

/// <summary>What the platform and organization audit log pages share: filter links, and before/after values as short lines.</summary>
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

    /// <summary>The audit log page at <paramref name="path"/> with the filters of <paramref name="q"/>, and a page or handler if given.</summary>
    public static string Link(string path, AuditQuery q, int? page, string? handler = null) => QueryHelpers.AddQueryString(path,
        new Dictionary<string, string?>
        {
            ["handler"] = handler,
            ["actor"] = q.Actor,
            ["action"] = q.Action,
            ["target"] = q.Target,
            ["from"] = q.From?.ToString("yyyy-MM-dd"),
            ["to"] = q.To?.ToString("yyyy-MM-dd"),
            ["org"] = q.OrganizationId?.ToString(),
            ["page"] = page?.ToString(),
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));

    private static string Show(JsonNode? node) => node is null ? "—" : node.ToString();
}
