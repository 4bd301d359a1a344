using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Opbx.Asterisk;

/// <summary>
/// The folder Asterisk reads Opbx's configuration from. Writes a <see cref="RenderedConfig"/> so that Asterisk never
/// sees half a file (temp file in the same folder, flushed, then renamed over the old one), leaves files whose content
/// is unchanged untouched (their mtime too: Asterisk's reload compares size and mtime), and deletes the files of
/// organizations no longer rendered. It deletes only what it wrote itself: the paths are kept in a manifest
/// (<see cref="ManifestName"/>), so an operator's own files in the folder are never touched.
/// </summary>
public sealed partial class ConfigFolder
{
    public const string ManifestName = ".opbx-files";
    private const string TempSuffix = ".opbx-tmp";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly UnixFileMode _folderMode;
    private readonly UnixFileMode _fileMode;

    public ConfigFolder(IOptions<OpbxOptions> options, ILogger<ConfigFolder> logger)
    {
        _logger = logger;
        Root = options.Value.AsteriskConfigPath();
        var group = options.Value.Asterisk.GroupReadable;
        _folderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | (group ? UnixFileMode.GroupRead | UnixFileMode.GroupExecute : UnixFileMode.None);
        _fileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (group ? UnixFileMode.GroupRead : UnixFileMode.None);
    }

    /// <summary>Absolute path of the folder; the top-level files #include the organizations' files by absolute path under it.</summary>
    public string Root { get; }

    /// <summary>Absolute path of a file in the folder, e.g. for an #include line.</summary>
    public string PathOf(string relativePath)
    {
        CheckPath(relativePath);
        return Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>Makes the folder hold exactly <paramref name="config"/> (plus any files that are not Opbx's).</summary>
    public async Task<ConfigChanges> WriteAsync(RenderedConfig config, CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in config.Files)
        {
            CheckPath(file.RelativePath);
            if (!seen.Add(file.RelativePath)) throw new ArgumentException($"{file.RelativePath} is rendered twice.", nameof(config));
        }

        await _lock.WaitAsync(ct);
        try
        {
            CreateFolder(Root);
            var owned = ReadManifest();
            var written = new List<string>();
            var unchanged = new List<string>();
            var modules = new HashSet<AsteriskModule>();
            var oldPjsip = new List<string>();
            var changes = new List<(ConfigFile File, byte[] Bytes, FileInfo? Before)>();

            foreach (var file in config.Files)
            {
                var path = PathOf(file.RelativePath);
                var bytes = Utf8.GetBytes(file.Content);
                var before = new FileInfo(path);
                if (before.Exists)
                {
                    var current = await File.ReadAllBytesAsync(path, ct);
                    if (file.Module == AsteriskModule.Pjsip || owned.GetValueOrDefault(file.RelativePath) == AsteriskModule.Pjsip) oldPjsip.Add(Utf8.GetString(current));
                    if (current.AsSpan().SequenceEqual(bytes))
                    {
                        unchanged.Add(file.RelativePath);
                        SetMode(path, _fileMode);
                        continue;
                    }
                }
                changes.Add((file, bytes, before.Exists ? before : null));
            }

            var orphans = owned.Keys.Where(p => !seen.Contains(p) && File.Exists(PathOf(p))).Order(StringComparer.Ordinal).ToList();
            foreach (var orphan in orphans.Where(o => owned[o] == AsteriskModule.Pjsip))
            {
                oldPjsip.Add(await File.ReadAllTextAsync(PathOf(orphan), Utf8, ct));
            }

            if (changes.Count == 0 && orphans.Count == 0)
            {
                if (!owned.Keys.ToHashSet().SetEquals(seen)) await WriteManifestAsync(config.Files.ToDictionary(f => f.RelativePath, f => f.Module), ct);
                return new ConfigChanges([], unchanged, [], new HashSet<AsteriskModule>(), []);
            }

            // Record every path before creating it, so a crash half-way leaves nothing of ours unaccounted for.
            var everything = new Dictionary<string, AsteriskModule>(owned, StringComparer.Ordinal);
            foreach (var file in config.Files) everything[file.RelativePath] = file.Module;
            await WriteManifestAsync(everything, ct);

            // Deepest first: a top-level file's #include must never point at an organization file not written yet.
            foreach (var (file, bytes, before) in changes.OrderByDescending(c => Depth(c.File.RelativePath)).ThenBy(c => c.File.RelativePath, StringComparer.Ordinal))
            {
                await WriteAtomicallyAsync(PathOf(file.RelativePath), bytes, before, ct);
                written.Add(file.RelativePath);
                modules.Add(file.Module);
                if (owned.TryGetValue(file.RelativePath, out var previous)) modules.Add(previous);
            }

            // Orphans go last, once no rewritten top-level file includes them any more.
            foreach (var orphan in orphans)
            {
                File.Delete(PathOf(orphan));
                modules.Add(owned[orphan]);
                RemoveEmptyFolders(Path.GetDirectoryName(PathOf(orphan))!);
            }

            await WriteManifestAsync(config.Files.ToDictionary(f => f.RelativePath, f => f.Module), ct);

            var newPjsip = config.Files.Where(f => f.Module == AsteriskModule.Pjsip).Select(f => f.Content);
            var removedRegistrations = ExpectedObjects.PjsipObjects(oldPjsip)["registration"]
                .Except(ExpectedObjects.PjsipObjects(newPjsip)["registration"], StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).ToList();
            _logger.LogInformation("Asterisk configuration in {Folder}: {Written} written, {Unchanged} unchanged, {Deleted} deleted; modules changed: {Modules}.",
                Root, written.Count, unchanged.Count, orphans.Count, string.Join(", ", modules.Order()));
            return new ConfigChanges(written, unchanged, orphans, modules, removedRegistrations);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WriteAtomicallyAsync(string path, byte[] bytes, FileInfo? before, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        CreateFolder(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = _fileMode;
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(bytes, ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        // Asterisk takes a file of the same size and the same mtime as unchanged. File times move in coarse kernel ticks
        // (milliseconds), so two quick writes of same-sized content could look identical to it: make sure they don't.
        if (before is not null)
        {
            var after = new FileInfo(path);
            if (after.Length == before.Length && after.LastWriteTimeUtc == before.LastWriteTimeUtc)
            {
                File.SetLastWriteTimeUtc(path, before.LastWriteTimeUtc.AddTicks(10));
            }
        }
    }

    private void RemoveEmptyFolders(string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Root);
        while (!string.Equals(Path.TrimEndingDirectorySeparator(folder), root, StringComparison.Ordinal) && Directory.Exists(folder))
        {
            // Temp files of an interrupted write of ours may linger; anything else means the folder is not only ours.
            foreach (var temp in Directory.EnumerateFiles(folder, "*" + TempSuffix)) File.Delete(temp);
            if (Directory.EnumerateFileSystemEntries(folder).Any()) return;
            Directory.Delete(folder);
            folder = Path.GetDirectoryName(folder)!;
        }
    }

    private Dictionary<string, AsteriskModule> ReadManifest()
    {
        var owned = new Dictionary<string, AsteriskModule>(StringComparer.Ordinal);
        var path = Path.Combine(Root, ManifestName);
        if (!File.Exists(path)) return owned;
        foreach (var line in File.ReadAllLines(path, Utf8))
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0 || !Enum.TryParse<AsteriskModule>(line[..tab], out var module)) continue;
            var relative = line[(tab + 1)..];
            if (SafePath().IsMatch(relative)) owned[relative] = module;
        }
        return owned;
    }

    private Task WriteManifestAsync(Dictionary<string, AsteriskModule> files, CancellationToken ct)
    {
        var text = new StringBuilder("# Files Opbx wrote here and may replace or delete. Do not edit.\n");
        foreach (var (path, module) in files.OrderBy(f => f.Key, StringComparer.Ordinal)) text.Append(module).Append('\t').Append(path).Append('\n');
        return WriteAtomicallyAsync(Path.Combine(Root, ManifestName), Utf8.GetBytes(text.ToString()), null, ct);
    }

    private void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, _folderMode);
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return;
        // Only the permission bits: a file left from before GroupReadable changed gets the new ones without a rewrite.
        if (File.GetUnixFileMode(path) != mode) File.SetUnixFileMode(path, mode);
    }

    private static int Depth(string relativePath) => relativePath.Count(c => c == '/');

    private static void CheckPath(string relativePath)
    {
        if (!SafePath().IsMatch(relativePath))
        {
            throw new ArgumentException($"'{relativePath}' is not a file name Opbx writes (relative, '/'-separated, [A-Za-z0-9_.-], no '..').", nameof(relativePath));
        }
    }

    // Segments start with a letter, digit or '_', so neither ".." nor hidden names (the manifest, temp files) can be rendered.
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\z")]
    private static partial Regex SafePath();
}
