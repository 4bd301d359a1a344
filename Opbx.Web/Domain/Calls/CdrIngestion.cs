using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Opbx.Data;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.Calls;

/// <summary>
/// Turns new lines of the CDR file into call records. One read = one write transaction: the records (upserted on
/// (uniqueid, sequence), so a line read twice is one record) and the cursor after them commit together, so a crash
/// anywhere reads again exactly what did not commit. Each record goes to the organization whose key is its account code
/// (other account codes are skipped and counted); calling and called members come from the phones' endpoint names and
/// the extension numbers, with their name and e-mail as they are now. Rows go in with one prepared statement: ingestion
/// is bookkeeping Asterisk did, not a change a person made, so it is not audited row by row.
/// </summary>
public sealed class CdrIngestion(OpbxDb db, OrganizationFiles files, ILogger<CdrIngestion> logger)
{
    private const string Upsert = """
        INSERT INTO "CallRecords" ("OrganizationId", "UniqueId", "Sequence", "LinkedId", "StartedAt", "AnsweredAt", "EndedAt",
            "DurationSeconds", "BillSeconds", "Disposition", "Direction", "Source", "Destination", "SourceChannel", "DestinationChannel",
            "MembershipId", "CallerName", "CallerEmail", "CalleeMembershipId", "CalleeName", "RecordingFile", "RecordingBytes")
        VALUES ($org, $uid, $seq, $linked, $start, $answer, $end, $duration, $billsec, $disposition, $direction, $src, $dst, $channel,
            $dstchannel, $member, $callerName, $callerEmail, $callee, $calleeName, $recording, $bytes)
        ON CONFLICT ("UniqueId", "Sequence") DO UPDATE SET "LinkedId" = excluded."LinkedId", "StartedAt" = excluded."StartedAt",
            "AnsweredAt" = excluded."AnsweredAt", "EndedAt" = excluded."EndedAt", "DurationSeconds" = excluded."DurationSeconds",
            "BillSeconds" = excluded."BillSeconds", "Disposition" = excluded."Disposition", "Direction" = excluded."Direction",
            "Source" = excluded."Source", "Destination" = excluded."Destination", "SourceChannel" = excluded."SourceChannel",
            "DestinationChannel" = excluded."DestinationChannel",
            "RecordingFile" = coalesce("CallRecords"."RecordingFile", excluded."RecordingFile"),
            "RecordingBytes" = max("CallRecords"."RecordingBytes", excluded."RecordingBytes")
        WHERE "CallRecords"."OrganizationId" = excluded."OrganizationId"
        """;

    private const string SaveCursor = """
        INSERT INTO "CdrCursors" ("Path", "FileIdentity", "Offset", "UpdatedAt") VALUES ($path, $identity, $offset, $at)
        ON CONFLICT ("Path") DO UPDATE SET "FileIdentity" = excluded."FileIdentity", "Offset" = excluded."Offset", "UpdatedAt" = excluded."UpdatedAt"
        """;

    /// <summary>Reads what is new in <paramref name="path"/> after the saved cursor (at most one chunk) and saves it.</summary>
    public async Task<CdrIngestResult> IngestAsync(string path, DateTimeOffset now, int chunkBytes = CdrFile.DefaultChunkBytes, CancellationToken ct = default)
    {
        // The file is read and parsed before the write lock is taken, so other writers wait only for the inserts.
        var cursor = await db.CdrCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Path == path, ct);
        var chunk = CdrFile.Read(path, cursor?.FileIdentity ?? "", cursor?.Offset ?? 0, chunkBytes);
        if (chunk.Identity == (cursor?.FileIdentity ?? "") && chunk.Offset == (cursor?.Offset ?? 0)) return new CdrIngestResult(0, 0, 0, 0, false, false);
        if (chunk.Rotated) logger.LogInformation("The CDR file {Path} was rotated; reading the new file from its start.", path);

        var parsed = new List<CdrLine>(chunk.Lines.Count);
        var malformed = 0;
        foreach (var line in chunk.Lines)
        {
            if (line.Length == 0) continue;
            if (CdrLine.TryParse(line, out var cdr, out var error)) parsed.Add(cdr!);
            else
            {
                malformed++;
                logger.LogWarning("Skipped an unreadable line of the CDR file {Path}: {Error} {Line}", chunk.Path, error, line.Length > 200 ? line[..200] : line);
            }
        }

        var (organizations, phones) = await LookupAsync(parsed, ct);
        await using var tx = await WriteTransaction.BeginAsync(db, ct);
        // One reader is the design (one service per process); should a second one have moved the cursor meanwhile, this
        // read is dropped and the next poll starts from where that one left off.
        var current = await db.CdrCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Path == path, ct);
        if (current?.FileIdentity != cursor?.FileIdentity || current?.Offset != cursor?.Offset) return new CdrIngestResult(0, 0, 0, 0, false, false);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = Upsert;
        var p = Parameters(command, "org", "uid", "seq", "linked", "start", "answer", "end", "duration", "billsec", "disposition", "direction",
            "src", "dst", "channel", "dstchannel", "member", "callerName", "callerEmail", "callee", "calleeName", "recording", "bytes");
        await command.PrepareAsync(ct);
        var saved = 0;
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in parsed)
        {
            if (!organizations.TryGetValue(c.AccountCode, out var organization))
            {
                unknown[c.AccountCode] = unknown.GetValueOrDefault(c.AccountCode) + 1;
                continue;
            }
            var caller = Phone(phones, organization.Id, CdrDirection.Endpoint(c.Channel), null);
            var callee = Phone(phones, organization.Id, CdrDirection.Endpoint(c.DestinationChannel), c.Destination);
            Set(p[0], Text(organization.Id));
            Set(p[1], c.UniqueId);
            Set(p[2], c.Sequence);
            Set(p[3], c.LinkedId);
            Set(p[4], c.StartedAt.UtcTicks);
            Set(p[5], c.AnsweredAt?.UtcTicks);
            Set(p[6], c.EndedAt?.UtcTicks);
            Set(p[7], c.DurationSeconds);
            Set(p[8], c.BillSeconds);
            Set(p[9], c.Disposition.ToString());
            Set(p[10], CdrDirection.Of(c.Channel, c.DestinationChannel, c.Destination).ToString());
            Set(p[11], c.Source);
            Set(p[12], c.Destination);
            Set(p[13], c.Channel.Length == 0 ? null : c.Channel);
            Set(p[14], c.DestinationChannel.Length == 0 ? null : c.DestinationChannel);
            Set(p[15], caller?.MembershipId is { } m ? Text(m) : null);
            Set(p[16], caller?.Name);
            Set(p[17], caller?.Email);
            Set(p[18], callee?.MembershipId is { } cm ? Text(cm) : null);
            Set(p[19], callee?.Name);
            Set(p[20], c.RecordingFile);
            Set(p[21], RecordingBytes(organization.Slug, c.RecordingFile));
            saved += await command.ExecuteNonQueryAsync(ct);
        }
        foreach (var (code, count) in unknown)
            logger.LogWarning("Skipped {Count} CDR(s) with account code \"{AccountCode}\": no organization has that key.", count, code.Length > 50 ? code[..50] : code);

        await using (var save = connection.CreateCommand())
        {
            save.Transaction = command.Transaction;
            save.CommandText = SaveCursor;
            var q = Parameters(save, "path", "identity", "offset", "at");
            Set(q[0], path);
            Set(q[1], chunk.Identity);
            Set(q[2], chunk.Offset);
            Set(q[3], now.UtcTicks);
            await save.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        var more = chunk.Lines.Count > 0;
        return new CdrIngestResult(chunk.Lines.Count, saved, unknown.Values.Sum(), malformed, more, chunk.Rotated);
    }

    private sealed record OrganizationKey(Guid Id, string Slug);

    private sealed record PhoneOwner(Guid OrganizationId, string SipUsername, string Number, Guid? MembershipId, string? Name, string? Email);

    private async Task<(Dictionary<string, OrganizationKey>, ILookup<(Guid, string), PhoneOwner>)> LookupAsync(List<CdrLine> lines, CancellationToken ct)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var codes = lines.Select(l => l.AccountCode).Distinct(StringComparer.Ordinal).ToList();
        var organizations = (await db.Organizations.AsNoTracking().Where(o => codes.Contains(o.Slug)).Select(o => new OrganizationKey(o.Id, o.Slug)).ToListAsync(ct))
            .ToDictionary(o => o.Slug, StringComparer.Ordinal);
        var ids = organizations.Values.Select(o => o.Id).ToList();
        var phones = ids.Count == 0 ? [] : await db.Extensions.AsNoTracking().Where(e => ids.Contains(e.OrganizationId))
            .Select(e => new PhoneOwner(e.OrganizationId, e.SipUsername, e.Number, e.MembershipId,
                e.Membership == null ? null : e.Membership.Account!.Name, e.Membership == null ? null : e.Membership.Account!.Email))
            .ToListAsync(ct);
        // One lookup for both keys, told apart by prefix.
        return (organizations, phones.SelectMany(p => new[] { ((p.OrganizationId, "e:" + p.SipUsername), p), ((p.OrganizationId, "n:" + p.Number), p) })
            .ToLookup(x => x.Item1, x => x.p));
    }

    /// <summary>The member of the organization's phone: by its endpoint (the SIP username), else by the number dialled.</summary>
    private static PhoneOwner? Phone(ILookup<(Guid, string), PhoneOwner> phones, Guid organizationId, string? endpoint, string? number)
    {
        PhoneOwner? found = null;
        if (endpoint is not null) found = phones[(organizationId, "e:" + endpoint)].FirstOrDefault();
        if (found is null && number is { Length: > 0 }) found = phones[(organizationId, "n:" + number)].FirstOrDefault();
        return found?.MembershipId is null ? null : found;
    }

    private long RecordingBytes(string slug, string? file)
    {
        if (file is null) return 0;
        var info = new FileInfo(Path.Combine(files.Recordings(slug), file));
        return info.Exists ? info.Length : 0;
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static DbParameter[] Parameters(DbCommand command, params string[] names) => names.Select(n =>
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$" + n;
        command.Parameters.Add(parameter);
        return parameter;
    }).ToArray();

    private static void Set(DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;
}
