using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Domain;
using Opbx.Domain.Audit;

namespace Opbx.Pages.Platform.Audit;

/// <summary>What the audit log pages (platform, organization) and dashboards share to show entries.</summary>
/// <param name="Entries">The entries, newest first.</param>
/// <param name="Names">Names of the ids they mention.</param>
/// <param name="OrganizationFilter">The platform log's path: show the organization column, each name a filter link; null in an organization's own log.</param>
public sealed record AuditRows(IReadOnlyList<AuditEntry> Entries, AuditNames Names, string? OrganizationFilter = null);

/// <summary>Filter links, and before/after values as short lines in words.</summary>
public static class AuditFormat
{
    /// <summary>Created and deleted entries list every field: the view folds those away behind a summary.</summary>
    public static bool IsWholeRecord(AuditEntry entry) =>
        entry.Action.EndsWith(".created", StringComparison.Ordinal) || entry.Action.EndsWith(".deleted", StringComparison.Ordinal);

    /// <summary>Who acted, by name when the account still exists, else as recorded (an e-mail, "api key …", a job).</summary>
    public static string Actor(AuditEntry entry, AuditNames names) => names.Of(entry.ActorAccountId) ?? entry.Actor;

    /// <summary>What was acted on, by its current name when it is a person or an organization still there.</summary>
    public static string Target(AuditEntry entry, AuditNames names) => names.Of(entry.TargetId) ?? entry.TargetName;

    public static IReadOnlyList<string> Lines(AuditEntry entry, AuditNames names)
    {
        var lines = new List<string>();
        if (JsonNode.Parse(entry.Changes) is not JsonObject changes) return lines;
        foreach (var (field, change) in changes)
        {
            if (change is not JsonObject c) continue;
            var label = field.EndsWith("_id", StringComparison.Ordinal) ? field[..^3] : field;
            label = label.Replace('_', ' ');
            if (c.ContainsKey("changed")) lines.Add($"{label}: changed");
            else if (c.ContainsKey("from") && c.ContainsKey("to")) lines.Add($"{label}: {Show(field, c["from"], names)} → {Show(field, c["to"], names)}");
            else if (c.ContainsKey("to")) lines.Add($"{label}: {Show(field, c["to"], names)}");
            else if (c.ContainsKey("from")) lines.Add($"{label}: {Show(field, c["from"], names)}");
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
            ["org"] = q.Organization,
            ["from"] = q.From?.ToString("yyyy-MM-dd"),
            ["to"] = q.To?.ToString("yyyy-MM-dd"),
            ["page"] = page?.ToString(),
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));

    private static string Show(string field, JsonNode? node, AuditNames names)
    {
        if (node is null) return "none";
        var text = node.ToString();
        return names.Of(text) ?? (Guid.TryParse(text, out _) ? "(deleted)" : Names.LabelOfValue(field, text));
    }
}
