using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.Calls;

/// <summary>
/// Applies each organization's cdr_retention_days and recording_retention_days (SPEC §7). It works in small batches, each its
/// own short write transaction, and yields between them, so pages and CDR ingestion wait at most one batch for the write lock.
/// A recording never outlives its call record: a record's file is deleted before the transaction that deletes the record
/// commits (a failed commit leaves a record whose file is gone, never a file without a record). Files in the recordings folder
/// that no record names and that are older than the recording retention are removed too.
/// </summary>
public sealed class RetentionService(OpbxDb db, AuditActor audit, OrganizationFiles files, TimeProvider clock, IOptions<OpbxOptions> options,
    ILogger<RetentionService> logger)
{
    /// <summary>Rows per write transaction: small enough that a batch holds the write lock for milliseconds.</summary>
    public const int DefaultBatchSize = 500;

    public static readonly TimeSpan DefaultPause = TimeSpan.FromMilliseconds(5);

    public int BatchSize { get; set; } = Math.Clamp(options.Value.Jobs.RetentionBatchSize, 1, 100_000);
    /// <summary>How long to let other writers in between two batches.</summary>
    public TimeSpan Pause { get; set; } = options.Value.Jobs.RetentionPause < TimeSpan.Zero ? TimeSpan.Zero : options.Value.Jobs.RetentionPause;
    /// <summary>Write transactions committed for deletions by this instance (each at most <see cref="BatchSize"/> rows).</summary>
    public int BatchesCommitted { get; private set; }

    /// <summary>The longest single delete transaction so far (begin to commit: how long this instance held the write lock).</summary>
    public TimeSpan LongestBatch { get; private set; }

    /// <summary>
    /// One run over every organization; returns each organization's recorded run. With <paramref name="sweepId"/> (the job's
    /// claimed <see cref="RetentionSweep"/>) the run's progress is written with each batch, so the jobs page can follow it.
    /// An organization whose share fails is recorded as failed and the others still run; the failure is thrown at the end.
    /// </summary>
    public async Task<IReadOnlyList<RetentionRun>> RunAsync(string startedBy, Guid? sweepId = null, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.CreatedAt)
            .Select(o => new { o.Id, o.Name, o.Slug, o.CdrRetentionDays, o.RecordingRetentionDays }).ToListAsync(ct);
        if (sweepId is { } total)
            await db.RetentionSweeps.Where(s => s.Id == total).ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationsTotal, organizations.Count), ct);
        var runs = new List<RetentionRun>();
        var failures = new List<Exception>();
        foreach (var o in organizations)
        {
            var run = new RetentionRun { OrganizationId = o.Id, OrganizationName = o.Name, StartedAt = clock.GetUtcNow(), StartedBy = startedBy, SweepId = sweepId };
            try
            {
                await RunAsync(run, o.Slug, o.CdrRetentionDays, o.RecordingRetentionDays, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention failed for organization {Organization}.", o.Id);
                failures.Add(e);
                db.ChangeTracker.Clear();
                run.Failure = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                db.RetentionRuns.Add(run);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            runs.Add(run);
            if (sweepId is { } id)
                await db.RetentionSweeps.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationsDone, x => x.OrganizationsDone + 1), ct);
        }
        if (failures.Count > 0) throw new AggregateException($"Retention failed for {failures.Count} organizations.", failures);
        return runs;
    }

    /// <summary>A batch's counts added to the run's progress, in the batch's transaction; when it held the lock longest, that too.</summary>
    private async Task ProgressAsync(Guid? sweepId, int records, int recordings, long bytes, CancellationToken ct)
    {
        if (sweepId is not { } id) return;
        await db.RetentionSweeps.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.CallRecordsDeleted, x => x.CallRecordsDeleted + records)
            .SetProperty(x => x.RecordingsDeleted, x => x.RecordingsDeleted + recordings)
            .SetProperty(x => x.BytesFreed, x => x.BytesFreed + bytes), ct);
    }

    private async Task LongestAsync(Guid? sweepId, TimeSpan batch, CancellationToken ct)
    {
        // Each batch's lock hold at Debug level, for the purge bench's distribution (bench/retention.sh).
        logger.LogDebug("Retention batch held the write lock {Milliseconds:F1} ms.", batch.TotalMilliseconds);
        if (batch <= LongestBatch) return;
        LongestBatch = batch;
        if (sweepId is not { } id) return;
        var ms = (long)batch.TotalMilliseconds;
        await db.RetentionSweeps.Where(s => s.Id == id && s.LongestBatchMilliseconds < ms)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LongestBatchMilliseconds, ms), ct);
    }

    private async Task RunAsync(RetentionRun run, string slug, int cdrDays, int recordingDays, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = run.StartedAt;
        var (organizationId, name) = (run.OrganizationId, run.OrganizationName);
        var folder = files.Recordings(slug);
        // A retention of 0 or less would delete everything: the settings refuse it, and so does the job.
        if (cdrDays >= 1)
        {
            var cdrCutoff = now.AddDays(-cdrDays);
            await BatchesAsync(run, folder, db.CallRecords.Where(c => c.OrganizationId == organizationId && c.StartedAt < cdrCutoff),
                (rows, token) => rows.ExecuteDeleteAsync(token), ct);
        }
        if (recordingDays >= 1)
        {
            var recordingCutoff = now.AddDays(-recordingDays);
            await BatchesAsync(run, folder, db.CallRecords.Where(c => c.OrganizationId == organizationId && c.StartedAt < recordingCutoff && c.RecordingFile != null),
                async (rows, token) =>
                {
                    await rows.ExecuteUpdateAsync(r => r.SetProperty(c => c.RecordingFile, (string?)null).SetProperty(c => c.RecordingBytes, 0L), token);
                    return 0;
                }, ct);
            await RemoveOrphansAsync(organizationId, folder, recordingCutoff, run, ct);
        }
        run.DurationMilliseconds = watch.ElapsedMilliseconds;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            if (run.CallRecordsDeleted > 0 || run.RecordingsDeleted > 0 || run.OrphanFilesDeleted > 0)
            {
                // The deletes passed the change tracker: the organization's audit log gets their counts with the run's row.
                audit.RecordEffect(AuditCatalogue.RetentionApplied, "organization", organizationId.ToString(), name, organizationId,
                    new Dictionary<string, int>
                    {
                        ["call_record"] = run.CallRecordsDeleted,
                        ["recording"] = run.RecordingsDeleted,
                        ["orphan_file"] = run.OrphanFilesDeleted,
                    },
                    $"Retention ({cdrDays} days for call records, {recordingDays} days for recordings) deleted {run.CallRecordsDeleted} call records, " +
                    $"{run.RecordingsDeleted + run.OrphanFilesDeleted} recordings ({run.BytesFreed:N0} bytes).");
            }
            db.RetentionRuns.Add(run);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The <paramref name="due"/> call records a batch at a time (oldest first), each batch in its own write transaction: its
    /// recording files deleted, then <paramref name="change"/> applied to its rows (deleted, or their recording cleared; it
    /// returns the records deleted), so a failed commit leaves a record whose file is gone, never a file without a record.
    /// The counts go to the run and, in the same transaction, to the sweep's progress; other writers get in between batches.
    /// </summary>
    private async Task BatchesAsync(RetentionRun run, string folder, IQueryable<CallRecord> due,
        Func<IQueryable<CallRecord>, CancellationToken, Task<int>> change, CancellationToken ct)
    {
        while (true)
        {
            var batch = await due.AsNoTracking().OrderBy(c => c.StartedAt).ThenBy(c => c.Id).Take(BatchSize)
                .Select(c => new { c.Id, c.RecordingFile }).ToListAsync(ct);
            if (batch.Count == 0) return;
            var ids = batch.Select(b => b.Id).ToList();
            var held = Stopwatch.StartNew();
            await using (var tx = await db.BeginWriteAsync(ct))
            {
                var (recordings, freed) = (0, 0L);
                foreach (var b in batch.Where(b => b.RecordingFile is not null))
                {
                    if (DeleteFile(folder, b.RecordingFile!, out var bytes)) recordings++;
                    freed += bytes;
                }
                var deleted = await change(db.CallRecords.Where(c => ids.Contains(c.Id)), ct);
                await ProgressAsync(run.SweepId, deleted, recordings, freed, ct);
                await tx.CommitAsync(ct);
                (run.CallRecordsDeleted, run.RecordingsDeleted, run.BytesFreed) = (run.CallRecordsDeleted + deleted, run.RecordingsDeleted + recordings, run.BytesFreed + freed);
                BatchesCommitted++;
            }
            await LongestAsync(run.SweepId, held.Elapsed, ct);
            await Task.Delay(Pause, ct);
        }
    }

    /// <summary>Files older than the recording retention that no call record names (left by a record deleted some other way, or never ingested).</summary>
    private async Task RemoveOrphansAsync(Guid organizationId, string folder, DateTimeOffset cutoff, RetentionRun run, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return;
        var old = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.TopDirectoryOnly)
            .Where(f => f.LastWriteTimeUtc < cutoff.UtcDateTime);
        foreach (var chunk in old.Chunk(BatchSize))
        {
            var names = chunk.Select(f => f.Name).ToList();
            var named = await db.CallRecords.AsNoTracking()
                .Where(c => c.OrganizationId == organizationId && c.RecordingFile != null && names.Contains(c.RecordingFile))
                .Select(c => c.RecordingFile!).ToListAsync(ct);
            var keep = named.ToHashSet(StringComparer.Ordinal);
            var (deleted, freed) = (0, 0L);
            foreach (var file in chunk.Where(f => !keep.Contains(f.Name)))
            {
                if (DeleteFile(folder, file.Name, out var bytes))
                {
                    deleted++;
                    freed += bytes;
                }
            }
            (run.OrphanFilesDeleted, run.BytesFreed) = (run.OrphanFilesDeleted + deleted, run.BytesFreed + freed);
            if (deleted > 0) await ProgressAsync(run.SweepId, 0, deleted, freed, ct);
        }
    }

    /// <summary>Deletes a file by its stored name, only inside the organization's recordings folder; false when it was not there.</summary>
    private bool DeleteFile(string folder, string fileName, out long bytes)
    {
        bytes = 0;
        // Stored names are generated ids; anything else (a path) is not followed out of the folder.
        if (fileName.Length == 0 || fileName != Path.GetFileName(fileName)) return false;
        var path = Path.Combine(folder, fileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return false;
            bytes = info.Length;
            info.Delete();
            return true;
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete recording {Path}.", path);
            throw;
        }
    }
}
