using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Bench;

/// <summary>
/// Call records at volume, in one process on a fresh SQLite file: (1) ingestion rate of a CDR file through the real
/// <see cref="CdrIngestion"/> (chunked transactions, bulk upsert, cursor); (2) the call records page's query
/// (<see cref="CallRecordLog.PageAsync"/>, what /Org/{org}/Calls and GET /api/v1/cdrs run) with filters over 1,000,000
/// records, p50/p95; (3) CSV exports of 10,000 and 100,000 records through the exports' writer to a null stream, with the
/// process's working set sampled while each runs (constant memory: the two peaks stay alike). Prints the load average.
/// Usage: Opbx.Bench cdr [--records 1000000] [--ingest 100000] [--runs 100] [--keep yes]
/// (--keep yes leaves the seeded SQLite file in place and prints its path, for EXPLAIN QUERY PLAN with sqlite3.)
/// </summary>
public static class CdrBench
{
    private const string Key = "bench-calls";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var total = int.Parse(options.GetValueOrDefault("records", "1000000"), CultureInfo.InvariantCulture);
        var ingest = int.Parse(options.GetValueOrDefault("ingest", "100000"), CultureInfo.InvariantCulture);
        var runs = int.Parse(options.GetValueOrDefault("runs", "100"), CultureInfo.InvariantCulture);
        var keep = options.GetValueOrDefault("keep") == "yes";
        var folder = Directory.CreateTempSubdirectory("opbx-cdr-bench-");
        try
        {
            Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ} on {Environment.ProcessorCount} cores; load average {Load()}");
            var tenant = new TenantContext();
            var dbBuilder = new DbContextOptionsBuilder<OpbxDb>().UseSqlite($"Data Source={Path.Combine(folder.FullName, "opbx.db")}",
                // As the app (Program.cs): a list of ids is one JSON parameter.
                sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
            // With --keep, the statements run go to opbx.sql beside the file (to EXPLAIN them).
            if (keep) dbBuilder.LogTo(line => File.AppendAllText(Path.Combine(folder.FullName, "opbx.sql"), line + "\n"),
                [RelationalEventId.CommandExecuted]).EnableSensitiveDataLogging();
            var dbOptions = dbBuilder.Options;
            var organizationId = await SeedOrganizationAsync(dbOptions, tenant);
            var files = new OrganizationFiles(Options.Create(new OpbxOptions { DataDirectory = folder.FullName }));

            // (1) Ingestion: a CDR file of `ingest` lines, read to the end as the background service does.
            var cdrFile = Path.Combine(folder.FullName, "opbx-cdr.csv");
            await using (var writer = new StreamWriter(cdrFile))
            {
                var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
                for (var i = 0; i < ingest; i++)
                {
                    // The same mix as the seeded year: a third each inbound, outbound, internal; 5 % busy, ~13 % not answered.
                    var s = start + i * 10L;
                    var disposition = i % 20 == 0 ? "BUSY" : i % 7 == 0 ? "NO ANSWER" : "ANSWERED";
                    var phone = $"PJSIP/phone{i % 200}-{i:x8}";
                    var other = $"PJSIP/phone{i * 7 % 200}-{i + 1:x8}";
                    var trunk = $"PJSIP/opbx-trunk-aa-{i:x8}";
                    var (src, dst, channel, dstChannel) = (i % 3) switch
                    {
                        0 => ($"+4930{1000000 + i % 8999999}", $"{1000 + i * 7 % 200}", trunk, other),
                        1 => ($"{1000 + i % 200}", $"0049{30000000 + i % 69999999}", phone, trunk),
                        _ => ($"{1000 + i % 200}", $"{1000 + i * 7 % 200}", phone, other),
                    };
                    await writer.WriteLineAsync($"\"{Key}\",\"ingest.{i}\",\"ingest.{i - i % 2}\",\"{i % 2}\",\"{s}\",\"{s + 4}\",\"{s + 64}\",\"64\",\"60\",\"{disposition}\"," +
                        $"\"{src}\",\"{dst}\",\"{channel}\",\"{dstChannel}\",\"opbx-{Key}-phones\",\"\"");
                }
            }
            var clock = Stopwatch.StartNew();
            var lines = 0;
            var chunks = 0;
            while (true)
            {
                await using var db = new OpbxDb(dbOptions).Use(tenant);
                var result = await new CdrIngestion(db, files, NullLogger<CdrIngestion>.Instance).IngestAsync(cdrFile, DateTimeOffset.UtcNow);
                if (result.Lines == 0) break;
                lines += result.Lines;
                chunks++;
            }
            clock.Stop();
            Console.WriteLine($"ingest: {lines:N0} CDR lines in {clock.Elapsed.TotalSeconds:F2} s = {lines / clock.Elapsed.TotalSeconds:N0} records/s ({chunks} transactions); load {Load()}");

            // (2) The page's query over `total` records (the rest seeded with one INSERT … SELECT).
            await SeedRecordsAsync(dbOptions, tenant, organizationId, total - lines);
            tenant.Enter(organizationId);
            var owner = Actor.Person(Guid.NewGuid(), true, null);
            var cases = new (string Name, string? From, string? To, string? Direction, string? Extension, string? Number, string? Disposition)[]
            {
                ("newest calls", null, null, null, null, null, null),
                ("direction=inbound", null, null, "inbound", null, null, null),
                ("disposition=busy", null, null, null, null, null, "busy"),
                ("one day + outbound", "2025-06-01", "2025-06-01", "outbound", null, null, null),
                ("extension=1042", null, null, null, "1042", null, null),
                ("number ends with 555", null, null, null, null, "555", null),
                ("extension=1042 + no_answer", null, null, null, "1042", null, "no_answer"),
            };
            Console.WriteLine($"page query over {total:N0} records, {runs} runs each (ms):");
            Console.WriteLine($"{"filter",-30} {"p50",7} {"p95",7} {"calls",6}  load");
            foreach (var c in cases)
            {
                var errors = new FieldErrors();
                var query = CallRecordQuery.Parse(c.From, c.To, c.Direction, c.Extension, c.Number, c.Disposition, null, 25, errors);
                errors.ThrowIfAny();
                await using var db = new OpbxDb(dbOptions).Use(tenant);
                var log = new CallRecordLog(db);
                var found = (await log.PageAsync(owner, query, false)).Calls.Count; // warm
                var times = new List<double>();
                for (var r = 0; r < runs; r++)
                {
                    var t = Stopwatch.StartNew();
                    await log.PageAsync(owner, query, false);
                    times.Add(t.Elapsed.TotalMilliseconds);
                }
                Console.WriteLine($"{c.Name,-30} {Percentile(times, 50),7:F1} {Percentile(times, 95),7:F1} {found,6}  {Load()}");
            }
            // Page 40 by keyset (each "Older" follows the previous page's key).
            {
                await using var db = new OpbxDb(dbOptions).Use(tenant);
                var log = new CallRecordLog(db);
                var q = CallRecordQuery.Parse(null, null, null, null, null, null, null, 25, new FieldErrors());
                for (var p = 1; p < 40; p++) q = q with { Before = (await log.PageAsync(owner, q, false)).Older };
                var times = new List<double>();
                for (var r = 0; r < runs; r++)
                {
                    var t = Stopwatch.StartNew();
                    await log.PageAsync(owner, q, false);
                    times.Add(t.Elapsed.TotalMilliseconds);
                }
                Console.WriteLine($"{"newest calls, page 40 (keyset)",-30} {Percentile(times, 50),7:F1} {Percentile(times, 95),7:F1} {25,6}  {Load()}");
            }

            // (3) CSV exports streamed to a null stream; working set sampled every 20 ms while each runs.
            foreach (var (name, from, to) in new[] { ("10,000 records", "2025-12-28", "2025-12-31"), ("100,000 records", "2025-11-21", "2025-12-31") })
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = Environment.WorkingSet;
                await using var db = new OpbxDb(dbOptions).Use(tenant);
                var query = CallRecordQuery.Parse(from, to, null, null, null, null, null, null, new FieldErrors());
                var peak = before;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Environment.WorkingSet);
                        await Task.Delay(20);
                    }
                });
                var counter = new CountingStream();
                var t = Stopwatch.StartNew();
                await using (var text = new StreamWriter(counter))
                await using (var csv = CsvExport.Create(text))
                {
                    await new CallRecordLog(db).WriteCsvAsync(owner, query, csv);
                }
                t.Stop();
                await sampling.CancelAsync();
                await sampler;
                Console.WriteLine($"CSV export {name}: {counter.Lines - 1:N0} rows, {counter.Bytes / 1048576.0:F1} MiB in {t.Elapsed.TotalSeconds:F2} s; " +
                    $"working set {before / 1048576.0:F0} MiB before, peak {peak / 1048576.0:F0} MiB while exporting (+{(peak - before) / 1048576.0:F0} MiB); load {Load()}");
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep) Console.WriteLine($"kept {Path.Combine(folder.FullName, "opbx.db")}");
            else folder.Delete(recursive: true);
        }
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0..3].Aggregate((a, b) => a + " " + b);

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task<Guid> SeedOrganizationAsync(DbContextOptions<OpbxDb> dbOptions, TenantContext tenant)
    {
        await using var db = new OpbxDb(dbOptions).Use(tenant);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        using var _ = tenant.AcrossOrganizations();
        var organization = new Organization { Name = "Bench calls", Slug = Key, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        db.Extensions.AddRange(Enumerable.Range(0, 200).Select(i => new Extension
        {
            OrganizationId = organization.Id, Number = (1000 + i).ToString(CultureInfo.InvariantCulture), SipUsername = $"phone{i}", CreatedAt = DateTimeOffset.UtcNow,
        }));
        await db.SaveChangesAsync();
        return organization.Id;
    }

    /// <summary>
    /// `count` more records over the year 2025 (a call every ~31 s), a third each inbound, outbound and internal; 5 % busy,
    /// ~13 % not answered; pairs of legs share a linkedid; phones phone0…phone199 (extensions 1000…1199).
    /// </summary>
    private static async Task SeedRecordsAsync(DbContextOptions<OpbxDb> dbOptions, TenantContext tenant, Guid organizationId, int count)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new OpbxDb(dbOptions).Use(tenant);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var step = TimeSpan.FromDays(365).Ticks / Math.Max(1, count);
        // Only numbers and a generated id go into the text.
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "CallRecords" ("OrganizationId", "UniqueId", "Sequence", "LinkedId", "StartedAt", "AnsweredAt", "EndedAt", "DurationSeconds",
                "BillSeconds", "Disposition", "Direction", "Source", "Destination", "SourceChannel", "DestinationChannel", "RecordingBytes")
            SELECT '{organizationId.ToString().ToUpperInvariant()}', 'seed.' || i, 1, 'seed.' || (i - i % 2), {start} + i * {step}, {start} + i * {step} + 50000000,
                {start} + i * {step} + 950000000, 95, 90,
                CASE WHEN i % 20 = 0 THEN 'Busy' WHEN i % 7 = 0 THEN 'NoAnswer' ELSE 'Answered' END,
                CASE i % 3 WHEN 0 THEN 'Inbound' WHEN 1 THEN 'Outbound' ELSE 'Internal' END,
                CASE i % 3 WHEN 0 THEN '+4930' || (1000000 + i % 8999999) ELSE (1000 + i % 200) END,
                CASE i % 3 WHEN 1 THEN '0049' || (30000000 + i % 69999999) ELSE (1000 + (i * 7) % 200) END,
                CASE i % 3 WHEN 0 THEN 'PJSIP/opbx-trunk-aa-' || i ELSE 'PJSIP/phone' || (i % 200) || '-' || i END,
                CASE i % 3 WHEN 1 THEN 'PJSIP/opbx-trunk-aa-' || i ELSE 'PJSIP/phone' || ((i * 7) % 200) || '-' || i END,
                0
            FROM n
            """;
        await db.Database.ExecuteSqlRawAsync(sql);
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
        Console.WriteLine($"seeded {count:N0} more records in {clock.Elapsed.TotalSeconds:F1} s; load {Load()}");
    }

    /// <summary>Counts what an export writes and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Bytes { get; private set; }
        public long Lines { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Bytes += buffer.Length;
            foreach (var b in buffer) if (b == '\n') Lines++;
        }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
