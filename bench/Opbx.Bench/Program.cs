using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;

// Renders a large organization's Asterisk configuration: Opbx.Bench render [--extensions N] [--runs N] (see RenderBench).
if (args.FirstOrDefault() == "render") return await Opbx.Bench.RenderBench.RunAsync(args[1..]);
// From a save to "succeeded" in a real Asterisk, and a deploy of an unchanged organization: Opbx.Bench deploy --app DLL --asterisk PREFIX [--runs N].
if (args.FirstOrDefault() == "deploy") return await Opbx.Bench.DeployBench.RunAsync(args[1..]);
// The README's screenshots from an Opbx filled by seed-demo: Opbx.Bench screenshots --url URL --data DIR --password P --out DIR.
if (args.FirstOrDefault() == "screenshots") return await Opbx.Bench.Screenshots.RunAsync(args[1..]);

// Call records: ingestion rate, the page's query with filters over 1,000,000 records, CSV export memory: Opbx.Bench cdr [--records N] [--ingest N] [--runs N].
if (args.FirstOrDefault() == "cdr") return await Opbx.Bench.CdrBench.RunAsync(args[1..]);

// Seeds the retention purge bench (bench/retention.sh): Opbx.Bench retention-seed --data DIR [--records N] [--record-every N].
if (args.FirstOrDefault() == "retention-seed") return await Opbx.Bench.RetentionSeed.RunAsync(args[1..]);

// The cached Asterisk with the deploy bench's configuration, kept running for bench/dashboards.sh: Opbx.Bench asterisk --folder DIR --asterisk PREFIX.
if (args.FirstOrDefault() == "asterisk") return await Opbx.Bench.AsteriskForBench.RunAsync(args[1..]);

// A bare endpoint reading 50 rows from the same SQLite file, the yardstick of bench/run.sh: Opbx.Bench bare --data DIR --urls URL.
if (args.FirstOrDefault() == "bare") return await Opbx.Bench.BareEndpoint.RunAsync(args[1..]);

// "Redeploy all" of many organizations, then again with nothing changed: Opbx.Bench redeploy [--orgs N] [--extensions N] [--runs N].
if (args.FirstOrDefault() == "redeploy") return await Opbx.Bench.RedeployBench.RunAsync(args[1..]);

// Seeds a benchmark database: Opbx.Bench seed --data DIR --orgs N --users N [--org-members N]
// Accounts get no password (nobody signs in as them); the benchmark's platform manager is made with the app's own CLI.
var options = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
if (args.FirstOrDefault() != "seed" || !options.ContainsKey("data"))
{
    Console.Error.WriteLine("usage: Opbx.Bench seed --data DIR --orgs N --users N [--org-members N]");
    return 2;
}
var dataDir = options["data"];
var orgCount = int.Parse(options.GetValueOrDefault("orgs", "1000"));
var userCount = int.Parse(options.GetValueOrDefault("users", "100000"));
var bigOrgMembers = int.Parse(options.GetValueOrDefault("org-members", "0"));
Directory.CreateDirectory(dataDir);

var tenant = new TenantContext();
using var cross = tenant.AcrossOrganizations();
var dbOptions = new DbContextOptionsBuilder<OpbxDb>().UseSqlite($"Data Source={Path.Combine(dataDir, "opbx.db")}").Options;
var clock = Stopwatch.StartNew();
await using (var db = new OpbxDb(dbOptions).Use(tenant))
{
    await db.Database.MigrateAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
}

var random = new Random(42);
var industries = new[] { Industry.General, Industry.Hotel, Industry.Hospital };
var roles = new[] { OrgRole.PbxUser, OrgRole.PbxUser, OrgRole.PbxUser, OrgRole.Reporter, OrgRole.PbxAdmin };
var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
var orgs = Enumerable.Range(0, orgCount).Select(i => new Organization
{
    Name = $"Acme {i:D5} {(i % 3 == 0 ? "Hotels" : i % 3 == 1 ? "Clinic" : "Traders")}",
    Slug = $"acme-{i:D5}",
    Industry = industries[i % 3],
    Status = i % 10 == 0 ? OrganizationStatus.Suspended : OrganizationStatus.Active,
    CreatedAt = start.AddHours(i),
    MaxUsers = 500,
    MaxDids = 10,
    MaxTrunks = 2,
    MaxQueues = 3,
    ConcurrentCalls = 10,
    MonthlyMinutes = 10000,
    StorageGb = 10,
    CdrRetentionDays = 180,
    RecordingRetentionDays = 30,
}).ToList();

await using (var db = new OpbxDb(dbOptions).Use(tenant))
{
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    db.Organizations.AddRange(orgs);
    await db.SaveChangesAsync();
}

async Task AddPeople(int count, Func<int, Organization> orgOf, Func<int, string> extensionOf, string prefix)
{
    const int batch = 5000;
    for (var first = 0; first < count; first += batch)
    {
        await using var db = new OpbxDb(dbOptions).Use(tenant);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = first; i < Math.Min(count, first + batch); i++)
        {
            var org = orgOf(i);
            var email = $"{prefix}{i:D6}@example.test";
            var account = new Account
            {
                Name = $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]} {i}",
                Email = email,
                UserName = email,
                NormalizedEmail = email.ToUpperInvariant(),
                NormalizedUserName = email.ToUpperInvariant(),
                IsActive = i % 17 != 0,
                CreatedAt = start.AddMinutes(i),
                DefaultOrganizationId = org.Id,
                LastLoginAt = i % 3 == 0 ? null : start.AddDays(random.Next(0, 600)),
            };
            var role = i < orgCount ? OrgRole.Owner : roles[i % roles.Length];
            var membership = new Membership
            {
                OrganizationId = org.Id,
                AccountId = account.Id,
                Role = role,
                Status = i % 13 == 0 && role != OrgRole.Owner ? MembershipStatus.Inactive : MembershipStatus.Active,
                CreatedAt = account.CreatedAt,
            };
            db.Users.Add(account);
            db.Memberships.Add(membership);
            db.Extensions.Add(new Extension
            {
                OrganizationId = org.Id,
                Number = extensionOf(i),
                DisplayName = account.Name,
                MembershipId = membership.Id,
                // Unique on the platform, [a-z0-9]; the bench never registers phones, so no password is issued.
                SipUsername = $"{prefix}{i}",
                CreatedAt = account.CreatedAt,
            });
        }
        await db.SaveChangesAsync();
    }
}

// Every organization gets an owner first, then the rest are spread round-robin.
await AddPeople(userCount, i => orgs[i % orgCount], i => (1000 + i / orgCount).ToString(), "user");
if (bigOrgMembers > 0)
{
    var big = new Organization
    {
        Name = "Big Hospital",
        Slug = "big-hospital",
        Industry = Industry.Hospital,
        CreatedAt = start,
        MaxUsers = bigOrgMembers + 10,
        MaxDids = 50,
        MaxTrunks = 4,
        MaxQueues = 20,
        ConcurrentCalls = 60,
        MonthlyMinutes = 100000,
        StorageGb = 100,
        CdrRetentionDays = 365,
        RecordingRetentionDays = 90,
    };
    await using (var db = new OpbxDb(dbOptions).Use(tenant))
    {
        db.Organizations.Add(big);
        await db.SaveChangesAsync();
    }
    await AddPeople(bigOrgMembers, _ => big, i => (10000 + i).ToString(), "staff");
    await Opbx.Bench.BenchPbx.AddAsync(dbOptions, tenant, big);
}
// Audit history for the audit pages: 200 entries per organization, 20,000 in the big one; inserted in SQL (the bench
// measures reading them, and the audit interceptor is not what is measured).
await using (var db = new OpbxDb(dbOptions).Use(tenant))
{
    await db.Database.ExecuteSqlRawAsync("""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
        INSERT INTO AuditEntries (At, Actor, Source, Action, TargetType, TargetId, TargetName, OrganizationId, Changes)
        SELECT 638400000000000000 + (o.rowid * 200 + n.i) * 36000000000, 'owner@example.test', 'Web', 'membership.updated', 'membership',
               lower(hex(randomblob(16))), 'Someone ' || n.i, o.Id, '{{"Role":["PbxUser","Reporter"]}}'
        FROM Organizations o, n
        """);
    if (bigOrgMembers > 0)
    {
        await db.Database.ExecuteSqlRawAsync("""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)
            INSERT INTO AuditEntries (At, Actor, Source, Action, TargetType, TargetId, TargetName, OrganizationId, Changes)
            SELECT 639000000000000000 + n.i * 6000000000, 'admin@example.test', 'Api', 'extension.updated', 'extension',
                   lower(hex(randomblob(16))), 'extension ' || (10000 + n.i % 5000), o.Id, '{{"DisplayName":["a","b"]}}'
            FROM Organizations o, n WHERE o.Slug = 'big-hospital'
            """);
    }
    // The search index as a night's maintenance leaves it in a running Opbx (Jobs/NightlyMaintenanceJob).
    await SearchIndex.MergeAsync(db);
}
Console.WriteLine($"Seeded {orgCount:N0} organizations and {userCount + bigOrgMembers:N0} users in {clock.Elapsed.TotalSeconds:N1} s into {dataDir}.");
return 0;

public partial class Program
{
    private static readonly string[] FirstNames = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kemal", "Lena", "Mo", "Nia", "Omar", "Pia"];
    private static readonly string[] LastNames = ["Smith", "Garcia", "Okafor", "Novak", "Tanaka", "Silva", "Muller", "Kowalski", "Rossi", "Haddad"];
}
