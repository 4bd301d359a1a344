using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Opbx.Domain.Audit;

namespace Opbx.Data;

/// <summary>
/// How many rows of each kind the database's ON DELETE CASCADE foreign keys will remove with one row, read from the model
/// (so a table added later is counted without anyone remembering to): the audit entry of a delete says what went with it.
/// Run it inside the write transaction of the delete, so the counts are what the delete removes.
/// </summary>
public static class CascadeCount
{
    private const int MaxDepth = 4;

    /// <summary>Rows by audit target type ("membership", "extension", …) that deleting the <typeparamref name="T"/> with <paramref name="key"/> removes; kinds with none are left out.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> OfAsync<T>(DbContext db, object key, CancellationToken ct = default)
    {
        var root = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var rootKey = root.FindPrimaryKey()!.Properties.Single();
        // For each kind of row the cascades reach: the conditions (one per path) under which a row of it goes.
        var conditions = new Dictionary<IEntityType, List<string>>();
        var frontier = new List<(IEntityType Type, string Condition)> { (root, $"{Quote(rootKey.GetColumnName())} = @key") };
        for (var depth = 0; depth < MaxDepth && frontier.Count > 0; depth++)
        {
            var next = new List<(IEntityType, string)>();
            foreach (var (parent, condition) in frontier)
            {
                foreach (var fk in db.Model.GetEntityTypes().SelectMany(t => t.GetForeignKeys())
                             .Where(f => f.PrincipalEntityType == parent && f.DeleteBehavior == DeleteBehavior.Cascade
                                         && f.Properties.Count == 1 && f.DeclaringEntityType != root && f.DeclaringEntityType.GetTableName() is not null))
                {
                    var child = fk.DeclaringEntityType;
                    var childCondition = $"{Quote(fk.Properties[0].GetColumnName())} IN (SELECT {Quote(fk.PrincipalKey.Properties[0].GetColumnName())} " +
                                         $"FROM {Quote(parent.GetTableName()!)} WHERE {condition})";
                    if (!conditions.TryGetValue(child, out var list)) conditions[child] = list = [];
                    list.Add(childCondition);
                    next.Add((child, childCondition));
                }
            }
            frontier = next;
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (type, paths) in conditions)
        {
            var sql = $"SELECT COUNT(*) AS \"Value\" FROM {Quote(type.GetTableName()!)} WHERE {string.Join(" OR ", paths.Select(p => $"({p})"))}";
            var parameter = db.Database.GetDbConnection().CreateCommand().CreateParameter();
            parameter.ParameterName = "@key";
            parameter.Value = KeyValue(key);
            var count = await db.Database.SqlQueryRaw<int>(sql, parameter).SingleAsync(ct);
            if (count == 0) continue;
            var name = AuditCatalogue.TargetTypeOf(type.ClrType);
            counts[name] = counts.GetValueOrDefault(name) + count;
        }
        return counts;
    }

    // EF Core stores a Guid in SQLite as upper-case text.
    private static object KeyValue(object key) => key is Guid g ? g.ToString().ToUpperInvariant() : key;

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
