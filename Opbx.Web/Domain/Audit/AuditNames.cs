using System.Text.Json.Nodes;

namespace Opbx.Domain.Audit;

/// <summary>Names of the organizations, people and other rows an audit page mentions by id.</summary>
public sealed class AuditNames(IReadOnlyDictionary<Guid, string> names)
{
    public string? Of(Guid? id) => id is { } key && names.TryGetValue(key, out var name) ? name : null;

    /// <summary>A stored value in words: an id becomes the name of what it points at, when that still exists.</summary>
    public string? Of(string? value) => Guid.TryParse(value, out var id) ? Of(id) : null;

    /// <summary>The ids among the before and after values of an entry's changes (JSON: field → { from, to }).</summary>
    public static IEnumerable<Guid> IdsIn(string changes)
    {
        if (JsonNode.Parse(changes) is not JsonObject fields) yield break;
        foreach (var (_, change) in fields)
        {
            if (change is not JsonObject c) continue;
            foreach (var side in new[] { "from", "to" })
            {
                if (c[side] is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id)) yield return id;
            }
        }
    }
}
