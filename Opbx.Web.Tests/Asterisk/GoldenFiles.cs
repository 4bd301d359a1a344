using Opbx.Asterisk;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Compares rendered files with the reviewed copies in Opbx.Web.Tests/Asterisk/Golden/&lt;case&gt;/. After an intended change,
/// <c>UPDATE_GOLDEN=1 dotnet test --filter Golden</c> rewrites them; review the diff (git diff) before committing.
/// </summary>
public static class GoldenFiles
{
    public static string Folder(string name) => Path.Combine(Ports.RepositoryRoot(), "Opbx.Web.Tests", "Asterisk", "Golden", name);

    private static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void Check(string name, RenderedConfig config)
    {
        var folder = Folder(name);
        if (Updating)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            foreach (var file in config.Files)
            {
                var path = Path.Combine(folder, file.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }
            return;
        }
        Assert.True(Directory.Exists(folder), $"No golden files for {name}: run UPDATE_GOLDEN=1 dotnet test --filter Golden and review them.");
        var expected = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, config.Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToList());
        foreach (var file in config.Files)
        {
            var golden = File.ReadAllText(Path.Combine(folder, file.RelativePath));
            if (golden != file.Content)
            {
                Assert.Fail($"{name}/{file.RelativePath} differs from its golden file (first difference on line {FirstDifference(golden, file.Content)}). " +
                            "If the change is intended: UPDATE_GOLDEN=1 dotnet test --filter Golden, then review git diff.");
            }
        }
    }

    private static int FirstDifference(string a, string b)
    {
        var x = a.Split('\n');
        var y = b.Split('\n');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i]) return i + 1;
        }
        return Math.Min(x.Length, y.Length) + 1;
    }
}
