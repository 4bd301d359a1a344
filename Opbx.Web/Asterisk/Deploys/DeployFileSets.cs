using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// Every deploy's file set, content-addressed: each file is a path and the SHA-256 of its content (<see cref="DeployFile"/>),
/// and each content is stored once (<see cref="ConfigBlob"/>, gzip) however many deploys and organizations hold it. Kept
/// in the database rather than beside the config folder: a file set is written in the same transaction as its deploy's
/// outcome, the online backup (<c>opbx backup</c>) takes history and blobs in one consistent copy, and collecting blobs
/// no file set holds is one statement, with nothing left behind by a crash between a file and its record.
/// The file sets of the newest <see cref="Kept"/> deploys of each organization (and of the platform) are kept.
/// </summary>
public sealed class DeployFileSets(OpbxDb db)
{
    public const int Kept = 50;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Utf8.GetBytes(content)));

    /// <summary>Records <paramref name="files"/> as the deploy's file set, stores contents not stored yet, prunes the target's older file sets.</summary>
    public async Task RecordAsync(Deploy deploy, IEnumerable<ConfigFile> files, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var set = files.GroupBy(f => f.RelativePath, StringComparer.Ordinal).Select(g => g.Last())
            .Select(f => (f.RelativePath, f.Content, Hash: Hash(f.Content))).ToList();
        await using var tx = await db.BeginWriteAsync(ct);
        if (!await db.Deploys.AnyAsync(d => d.Id == deploy.Id, ct)) return; // deleted with its organization meanwhile
        var hashes = set.Select(f => f.Hash).Distinct().ToList();
        var stored = (await db.ConfigBlobs.Where(b => hashes.Contains(b.Hash)).Select(b => b.Hash).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in set.Where(f => stored.Add(f.Hash))) db.ConfigBlobs.Add(new ConfigBlob { Hash = file.Hash, Content = Compress(file.Content) });
        await db.DeployFiles.Where(f => f.DeployId == deploy.Id).ExecuteDeleteAsync(ct);
        db.DeployFiles.AddRange(set.Select(f => new DeployFile { DeployId = deploy.Id, Path = f.RelativePath, Hash = f.Hash }));
        await db.SaveChangesAsync(ct);
        await PruneAsync(deploy.OrganizationId, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Whether the deploy still has its file set (the newest <see cref="Kept"/> of its organization do).</summary>
    public Task<bool> HasAsync(Guid deployId, CancellationToken ct = default) => db.DeployFiles.AnyAsync(f => f.DeployId == deployId, ct);

    /// <summary>The deploy's files, path → content; empty when pruned (or never recorded).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ContentsAsync(Guid deployId, CancellationToken ct = default)
    {
        var rows = await db.DeployFiles.AsNoTracking().Where(f => f.DeployId == deployId)
            .Join(db.ConfigBlobs, f => f.Hash, b => b.Hash, (f, b) => new { f.Path, b.Content }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Path, r => Decompress(r.Content), StringComparer.Ordinal);
    }

    /// <summary>
    /// The file set this deploy changed from: the newest earlier deploy of the same organization (or the platform) that left
    /// its files in Asterisk (succeeded) and still has its file set. Null for the first one.
    /// </summary>
    public async Task<Guid?> PreviousAsync(Deploy deploy, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Deploys.AsNoTracking()
            .Where(d => d.OrganizationId == deploy.OrganizationId && d.QueuedAt < deploy.QueuedAt && d.Status == DeployStatus.Succeeded
                && db.DeployFiles.Any(f => f.DeployId == d.Id))
            .OrderByDescending(d => d.QueuedAt).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>What the deploy changed: its file set against the previous one (<see cref="PreviousAsync"/>); null when its own was pruned.</summary>
    public async Task<IReadOnlyList<FileDiff>?> DiffAsync(Deploy deploy, CancellationToken ct = default)
    {
        var files = await ContentsAsync(deploy.Id, ct);
        if (files.Count == 0) return null;
        var previous = await PreviousAsync(deploy, ct) is { } id ? await ContentsAsync(id, ct) : new Dictionary<string, string>();
        return FileDiffs.Between(previous, files);
    }

    /// <summary>
    /// Drops the file sets of the target's deploys older than its newest <see cref="Kept"/> with one, then every blob no
    /// file set holds any more. Inside the caller's write transaction.
    /// </summary>
    public async Task PruneAsync(Guid? organizationId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var old = await db.Deploys.Where(d => d.OrganizationId == organizationId && db.DeployFiles.Any(f => f.DeployId == d.Id))
            .OrderByDescending(d => d.QueuedAt).Skip(Kept).Select(d => d.Id).ToListAsync(ct);
        if (old.Count == 0) return;
        await db.DeployFiles.Where(f => old.Contains(f.DeployId)).ExecuteDeleteAsync(ct);
        await db.ConfigBlobs.Where(b => !db.DeployFiles.Any(f => f.Hash == b.Hash)).ExecuteDeleteAsync(ct);
    }

    private static byte[] Compress(string content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(Utf8.GetBytes(content));
        return output.ToArray();
    }

    private static string Decompress(byte[] content)
    {
        using var input = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Utf8);
        return reader.ReadToEnd();
    }
}
