using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Calls;

/// <summary>
/// Call recordings of the current organization: the list a person may see, the file of one recording, its deletion by an
/// owner, and the storage they take. A file is found only through its call record: the path is built from the organization's
/// slug and the stored generated name (never from the request), and must stay inside the organization's recordings folder.
/// Another organization's recording is not found (the tenant filter), as is one the person may not open.
/// </summary>
public sealed partial class RecordingService(OpbxDb db, OrganizationFiles files, AuditActor audit)
{
    /// <summary>Recorded calls the actor may open, newest first.</summary>
    public async Task<Paged<RecordingRow>> ListAsync(Actor actor, int page, int pageSize, CancellationToken ct = default)
    {
        var own = await OwnMembershipAsync(actor, ct);
        var query = db.CallRecords.AsNoTracking().Where(c => c.RecordingFile != null);
        if (!AccessRules.SeesEveryCall(actor))
        {
            // PBX users: the calls they made or took (a rule; anything else sees nothing).
            if (actor.Role != OrgRole.PbxUser || own is null) query = query.Where(_ => false);
            else query = query.Where(c => c.MembershipId == own || c.CalleeMembershipId == own);
        }
        page = Paged<RecordingRow>.PageWithin(page, pageSize);
        var total = await query.CountAsync(ct);
        // SQLite orders DateTimeOffset as text poorly: Id follows ingestion order, which is the calls' order.
        var rows = await query.OrderByDescending(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new RecordingRow(c.Id, c.StartedAt, c.Direction, c.Source, c.Destination, c.CallerName, c.CalleeName, c.BillSeconds, c.RecordingBytes))
            .ToListAsync(ct);
        return new Paged<RecordingRow>(rows, total, page, pageSize);
    }

    /// <summary>The recording's file, or null (not found) when there is none, it is another organization's, or the actor may not open it.</summary>
    public async Task<RecordingFile?> OpenAsync(Actor actor, long id, CancellationToken ct = default)
    {
        var call = await db.CallRecords.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.RecordingFile != null, ct);
        if (call is null) return null;
        if (!AccessRules.MayOpenRecording(actor, await OwnMembershipAsync(actor, ct), call.MembershipId, call.CalleeMembershipId)) return null;
        var path = await PathAsync(call, ct);
        if (path is null || !File.Exists(path)) return null;
        return new RecordingFile(path, call.RecordingFile!, new FileInfo(path).Length);
    }

    /// <summary>Deletes the recording's file (owners); the call record stays, without a recording. Audited.</summary>
    public async Task DeleteAsync(Actor actor, long id, CancellationToken ct = default)
    {
        AccessRules.DeleteRecording(actor).ThrowIfDenied();
        var call = await db.CallRecords.FirstOrDefaultAsync(c => c.Id == id && c.RecordingFile != null, ct) ?? throw new NotFoundException("Recording");
        var path = await PathAsync(call, ct);
        audit.Verbs["call_record"] = "recording_deleted";
        audit.Note = $"Recording {call.RecordingFile} ({call.RecordingBytes} bytes) deleted.";
        call.RecordingFile = null;
        call.RecordingBytes = 0;
        // The record first: a file left behind by a failed delete is found by nothing; a record pointing at no file would be.
        await db.SaveChangesAsync(ct);
        if (path is not null && File.Exists(path)) File.Delete(path);
    }

    /// <summary>
    /// Bytes the organization's recordings take (what counts toward <c>storage_gb</c>). A record whose size is not known yet (0:
    /// ingested before the file was complete) takes the file's size now, and keeps it.
    /// </summary>
    public async Task<long> StorageBytesAsync(CancellationToken ct = default)
    {
        var unknown = await db.CallRecords.Where(c => c.RecordingFile != null && c.RecordingBytes == 0).Take(1000).ToListAsync(ct);
        if (unknown.Count > 0)
        {
            foreach (var call in unknown)
            {
                if (await PathAsync(call, ct) is { } path && File.Exists(path)) call.RecordingBytes = new FileInfo(path).Length;
            }
            // Sizes are bookkeeping, not a person's change: CallRecord's ingestion is not audited one by one either.
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        }
        return await db.CallRecords.Where(c => c.RecordingFile != null).SumAsync(c => c.RecordingBytes, ct);
    }

    /// <summary>Whether a stored name is one the dialplan makes: the channel's uniqueid and ".wav" (generated ids only).</summary>
    public static bool IsGeneratedName(string? name) => name is not null && GeneratedName().IsMatch(name);

    private async Task<string?> PathAsync(CallRecord call, CancellationToken ct)
    {
        if (!IsGeneratedName(call.RecordingFile)) return null;
        var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == call.OrganizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
        if (slug is null) return null;
        var folder = Path.GetFullPath(files.Recordings(slug));
        var path = Path.GetFullPath(Path.Combine(folder, call.RecordingFile!));
        return Path.GetDirectoryName(path) == folder ? path : null;
    }

    private async Task<Guid?> OwnMembershipAsync(Actor actor, CancellationToken ct)
    {
        if (actor.AccountId is not { } account || db.Tenant.OrganizationId is not { } organization) return null;
        return await db.Memberships.AsNoTracking().Where(m => m.AccountId == account && m.OrganizationId == organization)
            .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
    }

    [GeneratedRegex(@"\A[0-9]{1,20}\.[0-9]{1,10}(-[0-9]{1,10})?\.wav\z")]
    private static partial Regex GeneratedName();
}
