using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Asterisk;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;

namespace Opbx.Bench;

/// <summary>
/// How long one organization's Asterisk configuration takes to render: a 1,000-extension organization (default) with ring
/// groups, queues, numbers, routes and emergency numbers. Two measurements: the pure renderer (snapshot in memory to files),
/// and what a deploy does (read the snapshot from SQLite, reveal and hash every SIP password, then render). Target ≤ 100 ms.
/// Usage: Opbx.Bench render [--extensions 1000] [--runs 50]
/// </summary>
public static class RenderBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var count = int.Parse(options.GetValueOrDefault("extensions", "1000"));
        var runs = int.Parse(options.GetValueOrDefault("runs", "50"));
        var folder = Directory.CreateTempSubdirectory("opbx-render-bench-");
        try
        {
            var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder.FullName, "keys")), b => b.SetApplicationName("Opbx"));
            var credentials = new SipCredentials(protection);
            var tenant = new TenantContext();
            var dbOptions = new DbContextOptionsBuilder<OpbxDb>().UseSqlite($"Data Source={Path.Combine(folder.FullName, "opbx.db")}").Options;
            var organizationId = await SeedAsync(dbOptions, tenant, credentials, count);
            var renderer = new ConfigRenderer();
            const string directory = "/etc/asterisk/opbx";

            OrganizationPbx? snapshot = null;
            async Task<OrganizationPbx> ReadAsync()
            {
                await using var db = new OpbxDb(dbOptions).Use(tenant);
                return (await new PbxSnapshots(db, credentials, new OrganizationFiles(Options.Create(new OpbxOptions { DataDirectory = folder.FullName }))).OrganizationAsync(organizationId))!;
            }

            snapshot = await ReadAsync();
            var files = renderer.RenderOrganization(snapshot, directory).Files;
            var pure = await MeasureAsync(runs, () => Task.FromResult(renderer.RenderOrganization(snapshot, directory)));
            var read = await MeasureAsync(runs, ReadAsync);
            var deploy = await MeasureAsync(runs, async () => renderer.RenderOrganization(await ReadAsync(), directory));

            Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ} on {Environment.ProcessorCount} cores; {count:N0} extensions, " +
                              $"{snapshot.RingGroups.Count} ring groups, {snapshot.Queues.Count} queues, {snapshot.Dids.Count} numbers; {runs} runs after warm-up");
            Console.WriteLine($"{"output",-36} {string.Join(", ", files.Select(f => $"{f.RelativePath.Split('/')[^1]} {f.Content.Length / 1024} KiB"))}");
            // Wall time suffers when other processes share the cores; the CPU time this process spent is the steadier figure.
            Console.WriteLine($"{"scenario",-36} {"p50_ms",8} {"p95_ms",8} {"max_ms",8} {"cpu_p50_ms",11}");
            Print("render (snapshot in memory)", pure);
            Print("snapshot from SQLite", read);
            Print("snapshot from SQLite + render", deploy);
            return pure.Wall[runs / 2] <= 100 ? 0 : 1;
        }
        finally
        {
            SqliteCleanup();
            folder.Delete(recursive: true);
        }
    }

    private static void SqliteCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private sealed record Timings(double[] Wall, double[] Cpu);

    private static void Print(string name, Timings t) =>
        Console.WriteLine($"{name,-36} {t.Wall[t.Wall.Length / 2],8:F1} {t.Wall[(int)(t.Wall.Length * 0.95)],8:F1} {t.Wall[^1],8:F1} {t.Cpu[t.Cpu.Length / 2],11:F1}");

    private static async Task<Timings> MeasureAsync<T>(int runs, Func<Task<T>> work)
    {
        for (var i = 0; i < 5; i++) await work();
        var wall = new double[runs];
        var cpu = new double[runs];
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await work();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - before).TotalMilliseconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return new Timings(wall, cpu);
    }

    /// <summary>One organization: N extensions (one in 13 a member's who is inactive), 20 ring groups of 25, 10 queues of 100, 50 numbers, 3 routes, 2 emergency numbers.</summary>
    private static async Task<Guid> SeedAsync(DbContextOptions<OpbxDb> options, TenantContext tenant, SipCredentials credentials, int count)
    {
        using var _ = tenant.AcrossOrganizations();
        await using var db = new OpbxDb(options).Use(tenant);
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var organization = new Organization
        {
            Name = "Big Hospital",
            Slug = "big-hospital",
            Industry = Industry.Hospital,
            CreatedAt = now,
            MaxUsers = count + 10,
            MaxDids = 100,
            MaxTrunks = 4,
            MaxQueues = 20,
            ConcurrentCalls = 60,
            Voicemail = true,
            CallTransfer = true,
            CdrRetentionDays = 365,
            RecordingRetentionDays = 90,
        };
        db.Organizations.Add(organization);
        var extensions = new List<Extension>();
        for (var i = 0; i < count; i++)
        {
            var email = $"staff{i:D6}@example.test";
            var account = new Account { Name = $"Staff {i}", Email = email, UserName = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), CreatedAt = now };
            var membership = new Membership
            {
                OrganizationId = organization.Id,
                AccountId = account.Id,
                Role = OrgRole.PbxUser,
                CreatedAt = now,
                Status = i % 13 == 0 ? MembershipStatus.Inactive : MembershipStatus.Active,
            };
            var extension = new Extension { OrganizationId = organization.Id, Number = $"{10_000 + i}", DisplayName = $"Staff {i}, ward {i % 40}", MembershipId = membership.Id, CreatedAt = now };
            credentials.Issue(extension);
            db.Users.Add(account);
            db.Memberships.Add(membership);
            db.Extensions.Add(extension);
            extensions.Add(extension);
        }
        var trunk = new Trunk { OrganizationId = organization.Id, Name = "Carrier", Host = "203.0.113.10", Username = "hospital", Password = credentials.Protect("Carrier-pass.1"), Register = true, MaxChannels = 30, CreatedAt = now };
        db.Trunks.Add(trunk);
        BenchPbx.AddPhoneSystem(db, organization.Id, extensions, trunk, now);
        await db.SaveChangesAsync();
        return organization.Id;
    }
}
