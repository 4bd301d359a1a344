using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Opbx.Asterisk;
using Opbx.Asterisk.Ami;
using Opbx.Asterisk.Redeploy;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Quartz;

namespace Opbx.Bench;

/// <summary>
/// "Redeploy all" over many organizations: seeds N organizations of M extensions (each also with a ring group and a
/// queue), runs the redeploy once to write every file, then again with nothing changed on disk, which must write nothing
/// (so no module would be reloaded), and prints both wall times. Runs Opbx's own RedeployAll service in-process on a real
/// SQLite file and config folder, without Asterisk (no AMI host: no reload and no verification, which with Asterisk add
/// its list actions). Usage: Opbx.Bench redeploy [--orgs 1000] [--extensions 50] [--runs 3]
/// </summary>
public static class RedeployBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var orgs = int.Parse(options.GetValueOrDefault("orgs", "1000"));
        var extensions = int.Parse(options.GetValueOrDefault("extensions", "50"));
        var runs = int.Parse(options.GetValueOrDefault("runs", "3"));
        var folder = Directory.CreateTempSubdirectory("opbx-redeploy-bench-");
        try
        {
            var opbx = new OpbxOptions { DataDirectory = folder.FullName };
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton(Options.Create(opbx));
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder.FullName, "keys"))).SetApplicationName("Opbx");
            services.AddScoped<TenantContext>();
            services.AddScoped<AuditActor>();
            var dbOptions = new DbContextOptionsBuilder<OpbxDb>().UseSqlite($"Data Source={Path.Combine(folder.FullName, "opbx.db")}").Options;
            services.AddScoped(sp => new OpbxDb(dbOptions).Use(sp.GetRequiredService<TenantContext>(), sp.GetRequiredService<AuditActor>()));
            services.AddSingleton<SipCredentials>();
            services.AddSingleton<Opbx.Domain.Organizations.OrganizationFiles>();
            services.AddScoped<PbxSnapshots>();
            services.AddSingleton<Opbx.Asterisk.Deploys.RunningDeploys>();
            services.AddSingleton<ConfigRenderer>();
            services.AddSingleton<ConfigFolder>();
            services.AddSingleton(sp => new AmiClient(opbx.Asterisk.Ami, NullLogger<AmiClient>.Instance, TimeProvider.System));
            services.AddSingleton<AsteriskReloader>();
            services.AddSingleton<AsteriskInspector>();
            services.AddSingleton<AsteriskDeployer>();
            services.AddScoped<RedeployAll>();
            // The scheduler is only asked to hold the job; the bench runs the redeploy itself.
            services.AddQuartz();
            await using var provider = services.BuildServiceProvider();

            var seeding = Stopwatch.StartNew();
            await SeedAsync(provider, orgs, extensions);
            Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ} on {Environment.ProcessorCount} cores; {orgs:N0} organizations × {extensions} extensions " +
                              $"(+ a ring group and a queue each); seeded in {seeding.Elapsed.TotalSeconds:0.0} s; no AMI");
            // Wall time suffers when other processes share the cores; the CPU time this process spent is the steadier figure.
            Console.WriteLine($"{"run",-32} {"wall_s",8} {"cpu_s",8} {"files_written",14} {"organizations_ok",17}");
            var slowest = TimeSpan.Zero;
            for (var run = 0; run <= runs; run++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (elapsed, written, ok) = await RedeployAsync(provider);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine($"{(run == 0 ? "first (writes every file)" : $"nothing changed #{run}"),-32} {elapsed.TotalSeconds,8:0.00} {cpu.TotalSeconds,8:0.00} {written,14} {ok,17}");
                if (run > 0)
                {
                    if (written != 0) { Console.WriteLine("FAIL: a redeploy with nothing changed wrote files."); return 1; }
                    if (elapsed > slowest) slowest = elapsed;
                }
            }
            Console.WriteLine($"slowest unchanged redeploy {slowest.TotalSeconds:0.00} s (target ≤ 10 s); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            return slowest <= TimeSpan.FromSeconds(10) ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, int Written, int Ok)> RedeployAsync(IServiceProvider provider)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set("bench", null, AuditSource.Job);
        var redeploy = sp.GetRequiredService<RedeployAll>();
        var run = await redeploy.StartAsync(Actor.Person(Guid.NewGuid(), true, null));
        await redeploy.RunAsync(run.Id);
        clock.Stop();
        var db = sp.GetRequiredService<OpbxDb>();
        var written = await db.RedeployResults.Where(r => r.RunId == run.Id).SumAsync(r => r.FilesWritten);
        var ok = await db.RedeployResults.CountAsync(r => r.RunId == run.Id && r.Status == RedeployResultStatus.Succeeded);
        return (clock.Elapsed, written, ok);
    }

    private static async Task SeedAsync(IServiceProvider provider, int orgs, int extensionsEach)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        var credentials = scope.ServiceProvider.GetRequiredService<SipCredentials>();
        using var _ = db.Tenant.AcrossOrganizations();
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        for (var o = 0; o < orgs; o++)
        {
            var organization = new Organization
            {
                Name = $"Bench {o:D4}", Slug = $"bench-{o:D4}", Industry = Industry.General, CreatedAt = now,
                MaxUsers = 100, MaxDids = 10, MaxTrunks = 2, MaxQueues = 5, ConcurrentCalls = 10, Voicemail = true, CallTransfer = true,
            };
            db.Organizations.Add(organization);
            var extensions = Enumerable.Range(0, extensionsEach).Select(i =>
            {
                var extension = new Extension { OrganizationId = organization.Id, Number = $"{100 + i}", DisplayName = $"Room {100 + i}", CreatedAt = now };
                credentials.Issue(extension);
                return extension;
            }).ToList();
            db.Extensions.AddRange(extensions);
            db.RingGroups.Add(new RingGroup
            {
                OrganizationId = organization.Id, Number = "600", Name = "Front desk", Strategy = RingGroupStrategy.Simultaneous, RingSeconds = 20, CreatedAt = now,
                Members = extensions.Take(5).Select((x, p) => new RingGroupMember { OrganizationId = organization.Id, ExtensionId = x.Id, Position = p }).ToList(),
            });
            db.Queues.Add(new Queue
            {
                OrganizationId = organization.Id, Number = "700", Name = "Reception", Strategy = QueueStrategy.RingAll, CreatedAt = now,
                Members = extensions.Skip(5).Take(5).Select((x, p) => new QueueMember { OrganizationId = organization.Id, ExtensionId = x.Id, Position = p }).ToList(),
            });
            if (o % 100 == 99)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
    }
}
