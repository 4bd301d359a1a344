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
    public const string PendingName = ".opbx-pending";
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

    /// <summary>Whether the file is in the folder now.</summary>
    public bool Exists(string relativePath) => File.Exists(PathOf(relativePath));

    /// <summary>SHA-256 of a file's bytes, lower-case hex: what the manifest records of each file Opbx wrote.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>
    /// The files of Opbx's that are in the folder now, as they are on disk: those under <paramref name="scope"/> (every
    /// one without a scope) and, with <paramref name="topLevel"/>, the top-level files. What Asterisk was last given,
    /// hand edits included: a deploy that Asterisk refuses goes back to exactly this.
    /// </summary>
    public async Task<RenderedConfig> ReadAsync(string? scope, bool topLevel, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var files = new List<ConfigFile>();
            foreach (var (path, module) in ReadManifest().Owned.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var inScope = scope is null || path.StartsWith(scope + "/", StringComparison.Ordinal) || (topLevel && Depth(path) == 0);
                if (!inScope || !File.Exists(PathOf(path))) continue;
                files.Add(new ConfigFile(path, await File.ReadAllTextAsync(PathOf(path), Utf8, ct), module));
            }
            return new RenderedConfig(files);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Files of Opbx's under <paramref name="scope"/> (all without one) and the top-level files whose content is not what
    /// Opbx last wrote there: edited or deleted by hand. The next deploy overwrites them (and says so).
    /// </summary>
    public async Task<IReadOnlyList<string>> DriftAsync(string? scope, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var manifest = ReadManifest();
            var drifted = new List<string>();
            foreach (var (path, hash) in manifest.Hashes.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                if (scope is not null && !path.StartsWith(scope + "/", StringComparison.Ordinal) && Depth(path) != 0) continue;
                var file = PathOf(path);
                if (!File.Exists(file) || Hash(await File.ReadAllBytesAsync(file, ct)) != hash) drifted.Add(path);
            }
            return drifted;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Makes the folder hold <paramref name="config"/>. Without <paramref name="scope"/> the config is the whole
    /// platform: every file Opbx wrote before and did not render now is deleted. With a scope (a folder such as
    /// "orgs/acme"), only files under it are deleted when not rendered: a deploy of one organization passes its own
    /// files, the top-level files and its folder, and leaves the other organizations' files alone.
    /// Modules whose files changed stay pending (in the folder, so a restart keeps them) until <see cref="ReloadedAsync"/>:
    /// a reload that failed, or was skipped for want of an AMI host, is repeated by the next deploy even when that one
    /// changes nothing. The same goes for registrations to unregister.
    /// </summary>
    public async Task<ConfigChanges> WriteAsync(RenderedConfig config, string? scope = null, CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in config.Files)
        {
            CheckPath(file.RelativePath);
            if (!seen.Add(file.RelativePath)) throw new ArgumentException($"{file.RelativePath} is rendered twice.", nameof(config));
        }
        if (scope is not null) CheckPath(scope);
        bool InScope(string path) => scope is null || path.StartsWith(scope + "/", StringComparison.Ordinal);

        await _lock.WaitAsync(ct);
        try
        {
            CreateFolder(Root);
            WriteSounds();
            var (owned, hashes) = ReadManifest();
            var pending = ReadPending();
            var drifted = new List<string>();
            var written = new List<string>();
            var unchanged = new List<string>();
            var modules = new HashSet<AsteriskModule>(pending.Modules);
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
                    if (hashes.TryGetValue(file.RelativePath, out var wrote) && Hash(current) != wrote) drifted.Add(file.RelativePath);
                }
                else if (hashes.ContainsKey(file.RelativePath)) drifted.Add(file.RelativePath);
                changes.Add((file, bytes, before.Exists ? before : null));
            }

            var orphans = owned.Keys.Where(p => !seen.Contains(p) && InScope(p) && File.Exists(PathOf(p))).Order(StringComparer.Ordinal).ToList();
            // What the manifest will say Opbx wrote: the rendered content, and the old record of files outside the scope.
            var newHashes = hashes.Where(h => !seen.Contains(h.Key) && !InScope(h.Key)).ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
            foreach (var file in config.Files) newHashes[file.RelativePath] = Hash(Utf8.GetBytes(file.Content));
            foreach (var orphan in orphans.Where(o => owned[o] == AsteriskModule.Pjsip))
            {
                oldPjsip.Add(await File.ReadAllTextAsync(PathOf(orphan), Utf8, ct));
            }

            // Ours from now on: what is rendered, and what was ours outside the scope and still exists.
            var nowOwned = owned.Where(o => !InScope(o.Key) && !seen.Contains(o.Key) && File.Exists(PathOf(o.Key)))
                .Concat(config.Files.Select(f => KeyValuePair.Create(f.RelativePath, f.Module)))
                .ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);

            if (changes.Count == 0 && orphans.Count == 0)
            {
                if (!owned.Keys.ToHashSet().SetEquals(nowOwned.Keys) || !SameHashes(hashes, newHashes, nowOwned.Keys)) await WriteManifestAsync(nowOwned, newHashes, ct);
                return new ConfigChanges([], unchanged, [], modules, pending.Registrations) { Drifted = drifted };
            }

            var newPjsip = config.Files.Where(f => f.Module == AsteriskModule.Pjsip).Select(f => f.Content);
            var removedRegistrations = ExpectedObjects.PjsipObjects(oldPjsip)["registration"]
                .Except(ExpectedObjects.PjsipObjects(newPjsip)["registration"], StringComparer.Ordinal)
                .Concat(pending.Registrations).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var (file, _, _) in changes)
            {
                modules.Add(file.Module);
                if (owned.TryGetValue(file.RelativePath, out var previous)) modules.Add(previous);
            }
            foreach (var orphan in orphans) modules.Add(owned[orphan]);

            // Recorded before anything changes, so a crash half-way leaves no file of ours unaccounted for and no
            // reload forgotten.
            var everything = new Dictionary<string, AsteriskModule>(owned, StringComparer.Ordinal);
            foreach (var file in config.Files) everything[file.RelativePath] = file.Module;
            // Hashes of files not written yet stay the old ones: a crash now is not taken for a hand edit later.
            await WriteManifestAsync(everything, hashes, ct);
            await WritePendingAsync(modules, removedRegistrations, ct);

            // Deepest first: a top-level file's #include must never point at an organization file not written yet.
            foreach (var (file, bytes, before) in changes.OrderByDescending(c => Depth(c.File.RelativePath)).ThenBy(c => c.File.RelativePath, StringComparer.Ordinal))
            {
                await WriteAtomicallyAsync(PathOf(file.RelativePath), bytes, before, ct);
                written.Add(file.RelativePath);
            }

            // Orphans go last, once no rewritten top-level file includes them any more.
            foreach (var orphan in orphans)
            {
                File.Delete(PathOf(orphan));
                RemoveEmptyFolders(Path.GetDirectoryName(PathOf(orphan))!);
            }

            await WriteManifestAsync(nowOwned, newHashes, ct);
            _logger.LogInformation("Asterisk configuration in {Folder}: {Written} written, {Unchanged} unchanged, {Deleted} deleted; modules to reload: {Modules}.",
                Root, written.Count, unchanged.Count, orphans.Count, string.Join(", ", modules.Order()));
            return new ConfigChanges(written, unchanged, orphans, modules, removedRegistrations) { Drifted = drifted };
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Asterisk has reloaded the modules and unregistered the registrations of the last write: nothing is pending.</summary>
    public async Task ReloadedAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var path = Path.Combine(Root, PendingName);
            if (File.Exists(path)) File.Delete(path);
        }
        finally
        {
            _lock.Release();
        }
    }

    private (IReadOnlyList<AsteriskModule> Modules, IReadOnlyList<string> Registrations) ReadPending()
    {
        var path = Path.Combine(Root, PendingName);
        if (!File.Exists(path)) return ([], []);
        var modules = new List<AsteriskModule>();
        var registrations = new List<string>();
        foreach (var line in File.ReadAllLines(path, Utf8))
        {
            var parts = line.Split('\t');
            if (parts.Length != 2) continue;
            if (parts[0] == "reload" && Enum.TryParse<AsteriskModule>(parts[1], out var module)) modules.Add(module);
            if (parts[0] == "unregister" && parts[1].Length > 0) registrations.Add(parts[1]);
        }
        return (modules, registrations);
    }

    private Task WritePendingAsync(IEnumerable<AsteriskModule> modules, IEnumerable<string> registrations, CancellationToken ct)
    {
        var text = new StringBuilder("# Waiting for Asterisk: modules to reload, registrations to unregister. Do not edit.\n");
        foreach (var registration in registrations) text.Append("unregister\t").Append(registration).Append('\n');
        foreach (var module in modules.Order()) text.Append("reload\t").Append(module).Append('\n');
        return WriteAtomicallyAsync(Path.Combine(Root, PendingName), Utf8.GetBytes(text.ToString()), null, ct);
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
            // The create mode passes through the process umask (077 once the data folder is prepared): set it outright.
            SetMode(temp, _fileMode);
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

    /// <summary>The files Opbx wrote (path → module) and, for each, the SHA-256 of what it wrote (older manifests have none).</summary>
    private (Dictionary<string, AsteriskModule> Owned, Dictionary<string, string> Hashes) ReadManifest()
    {
        var owned = new Dictionary<string, AsteriskModule>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(Root, ManifestName);
        if (!File.Exists(path)) return (owned, hashes);
        foreach (var line in File.ReadAllLines(path, Utf8))
        {
            var parts = line.Split('\t');
            if (parts.Length < 2 || !Enum.TryParse<AsteriskModule>(parts[0], out var module)) continue;
            var relative = parts[1];
            if (!SafePath().IsMatch(relative)) continue;
            owned[relative] = module;
            if (parts.Length > 2 && parts[2].Length == 64) hashes[relative] = parts[2];
        }
        return (owned, hashes);
    }

    private static bool SameHashes(Dictionary<string, string> before, Dictionary<string, string> after, IEnumerable<string> paths) =>
        paths.All(p => before.GetValueOrDefault(p) == after.GetValueOrDefault(p));

    private Task WriteManifestAsync(Dictionary<string, AsteriskModule> files, Dictionary<string, string> hashes, CancellationToken ct)
    {
        var text = new StringBuilder("# Files Opbx wrote here and may replace or delete, and the SHA-256 of what it wrote. Do not edit.\n");
        foreach (var (path, module) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(module).Append('\t').Append(path);
            if (hashes.TryGetValue(path, out var hash)) text.Append('\t').Append(hash);
            text.Append('\n');
        }
        return WriteAtomicallyAsync(Path.Combine(Root, ManifestName), Utf8.GetBytes(text.ToString()), null, ct);
    }

    private void CreateFolder(string folder)
    {
        if (Directory.Exists(folder)) return;
        // Parent first, each with the folder mode: creating "orgs/acme" in one call would leave "orgs" at the umask's mode.
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder));
        if (parent is not null) CreateFolder(parent);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else
        {
            Directory.CreateDirectory(folder, _folderMode);
            SetMode(folder, _folderMode); // past the umask, as for files
        }
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
