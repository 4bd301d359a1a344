using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>A data folder Opbx cannot use stops it at once with one readable line naming the path and why, and a non-zero exit code.</summary>
// In the app's collection although it does not use the app: its processes would otherwise start beside the app's tests.
[Collection(AppCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataFolderStartupTests : IDisposable
{
    private readonly List<string> _folders = [];

    private string NewFolder(string name)
    {
        var folder = OpbxProcess.NewFolder(name);
        _folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Prepend(folder))
                File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AReadOnlyDataFolderIsNamedWithTheReason()
    {
        var folder = NewFolder("readonly");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                                     | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var (code, output) = await RunAsync(folder);
        Assert.NotEqual(0, code);
        Assert.Equal($"Opbx cannot start: the data folder {folder} is not writable (permission denied). " +
                     $"Give the Opbx user ({(OpbxProcess.RunsAsNobody ? "nobody" : Environment.UserName)}) write access to it.", output);
    }

    [Fact]
    public async Task AMissingFolderThatCannotBeCreatedIsNamedWithTheReason()
    {
        var parent = NewFolder("parent");
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var folder = Path.Combine(parent, "data");
        var (code, output) = await RunAsync(folder);
        Assert.NotEqual(0, code);
        Assert.StartsWith($"Opbx cannot start: the data folder {folder} does not exist and cannot be created (permission denied).", output);
        Assert.False(Directory.Exists(folder));

        // Below a file: no user can create that, root included.
        var file = Path.Combine(NewFolder("file"), "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var below = await RunAsync(Path.Combine(file, "data"));
        Assert.NotEqual(0, below.Code);
        Assert.StartsWith($"Opbx cannot start: the data folder {Path.Combine(file, "data")} does not exist and cannot be created", below.Output);
    }

    [Fact]
    public async Task AReadOnlyDatabaseIsNamedWithTheReason()
    {
        var folder = NewFolder("readonly-db");
        var database = Path.Combine(folder, "opbx.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (code, output) = await RunAsync(folder);
        Assert.NotEqual(0, code);
        Assert.StartsWith($"Opbx cannot start: the database {database} is not writable (permission denied).", output);
    }

    /// <summary>Runs the built app against <paramref name="folder"/>; its exit code and everything it printed, trimmed.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string folder)
    {
        await using var app = await OpbxProcess.StartAsync(new Dictionary<string, string> { ["Opbx__DataDirectory"] = folder }, waitForHealth: false);
        var code = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));
        return (code, app.Output.Trim());
    }
}
