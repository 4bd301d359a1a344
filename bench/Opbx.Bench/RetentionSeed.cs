using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;

namespace Opbx.Bench;

/// <summary>
/// Seeds the retention bench (bench/retention.sh): one organization keeping call records 180 days and recordings 90 days,
/// with `records` call records spread evenly over the last 360 days (so about half are past their retention), every
/// `record-every`-th of them recorded with a small file in the organization's recordings folder; and a second organization
/// of 1,000 fresh records that the purge must leave alone.
/// Usage: Opbx.Bench retention-seed --data DIR [--records 1000000] [--record-every 50]
/// </summary>
public static class RetentionSeed
{
    public const string Slug = "bench-retention";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var data = options["data"];
        var total = int.Parse(options.GetValueOrDefault("records", "1000000"), CultureInfo.InvariantCulture);
        var every = int.Parse(options.GetValueOrDefault("record-every", "50"), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(data);
        var clock = Stopwatch.StartNew();
        var tenant = new TenantContext();
        using var _ = tenant.AcrossOrganizations();
        var dbOptions = new DbContextOptionsBuilder<OpbxDb>().UseSqlite($"Data Source={Path.Combine(data, "opbx.db")}").Options;
        await using var db = new OpbxDb(dbOptions).Use(tenant);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var now = DateTimeOffset.UtcNow;
        var purged = new Organization { Name = "Bench retention", Slug = Slug, CreatedAt = now, CdrRetentionDays = 180, RecordingRetentionDays = 90, StorageGb = 100 };
        var other = new Organization { Name = "Bench untouched", Slug = "bench-untouched", CreatedAt = now, CdrRetentionDays = 180, RecordingRetentionDays = 90 };
        db.Organizations.AddRange(purged, other);
        await db.SaveChangesAsync();

        await InsertAsync(db, purged.Id, total, now.AddDays(-360).UtcTicks, TimeSpan.FromDays(360).Ticks / Math.Max(1, total), every, "seed");
        await InsertAsync(db, other.Id, 1000, now.AddDays(-10).UtcTicks, TimeSpan.FromDays(10).Ticks / 1000, 0, "other");
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");

        // The recorded calls' files (2 KiB each), named as the records name them.
        var folder = Path.Combine(data, "orgs", Slug, "recordings");
        Directory.CreateDirectory(folder);
        var bytes = new byte[2048];
        var files = 0;
        for (var i = every; every > 0 && i <= total; i += every, files++) await File.WriteAllBytesAsync(Path.Combine(folder, $"seed.{i}.wav"), bytes);

        var due = await db.CallRecords.CountAsync(c => c.OrganizationId == purged.Id && c.StartedAt < now.AddDays(-180));
        Console.WriteLine($"seeded {total:N0} call records ({due:N0} past 180 days) and {files:N0} recordings into {data} in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"organization {purged.Id}");
        return 0;
    }

    /// <summary>`count` records from `start` (ticks), one every `step` ticks; every `every`-th recorded (0: none). Only numbers and ids go into the SQL.</summary>
    private static Task InsertAsync(OpbxDb db, Guid organizationId, int count, long start, long step, int every, string prefix)
    {
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "CallRecords" ("OrganizationId", "UniqueId", "Sequence", "LinkedId", "StartedAt", "AnsweredAt", "EndedAt", "DurationSeconds",
                "BillSeconds", "Disposition", "Direction", "Source", "Destination", "SourceChannel", "DestinationChannel", "RecordingFile", "RecordingBytes")
            SELECT '{organizationId.ToString().ToUpperInvariant()}', '{prefix}.' || i, 1, '{prefix}.' || (i - i % 2), {start} + i * {step},
                {start} + i * {step} + 50000000, {start} + i * {step} + 950000000, 95, 90,
                CASE WHEN i % 20 = 0 THEN 'Busy' WHEN i % 7 = 0 THEN 'NoAnswer' ELSE 'Answered' END,
                CASE i % 3 WHEN 0 THEN 'Inbound' WHEN 1 THEN 'Outbound' ELSE 'Internal' END,
                CASE i % 3 WHEN 0 THEN '+4930' || (1000000 + i % 8999999) ELSE (1000 + i % 200) END,
                CASE i % 3 WHEN 1 THEN '0049' || (30000000 + i % 69999999) ELSE (1000 + (i * 7) % 200) END,
                CASE i % 3 WHEN 0 THEN 'PJSIP/opbx-trunk-aa-' || i ELSE 'PJSIP/phone' || (i % 200) || '-' || i END,
                CASE i % 3 WHEN 1 THEN 'PJSIP/opbx-trunk-aa-' || i ELSE 'PJSIP/phone' || ((i * 7) % 200) || '-' || i END,
                CASE WHEN {every} > 0 AND i % {Math.Max(every, 1)} = 0 THEN '{prefix}.' || i || '.wav' END,
                CASE WHEN {every} > 0 AND i % {Math.Max(every, 1)} = 0 THEN 2048 ELSE 0 END
            FROM n
            """;
        return db.Database.ExecuteSqlRawAsync(sql);
    }
}
