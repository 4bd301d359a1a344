using DiffPlex.Renderer;

namespace Opbx.Asterisk.Deploys;

/// <summary>Compares two file sets (path → content) into unified diffs (DiffPlex), one per file that differs, by path.</summary>
public static class FileDiffs
{
    private static readonly UnidiffRenderer Renderer = new(contextLines: 3);

    public static IReadOnlyList<FileDiff> Between(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var diffs = new List<FileDiff>();
        foreach (var path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(path);
            var now = after.GetValueOrDefault(path);
            if (old == now) continue;
            var unified = Renderer.Generate(old ?? "", now ?? "", old is null ? "/dev/null" : "a/" + path, now is null ? "/dev/null" : "b/" + path, false, false);
            var lines = unified.Split('\n');
            diffs.Add(new FileDiff(path, old is null ? "added" : now is null ? "deleted" : "changed", unified,
                lines.Count(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)),
                lines.Count(l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal))));
        }
        return diffs;
    }
}
