using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

/// <summary>The command line of the same binary, run as an operator would, against its own data folder.</summary>
// In the app's collection although it does not use the app: its processes would otherwise start beside the app's first
// tests and slow them past their timeouts on a 2-core machine.
[Collection(AppCollection.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "opbx-cli-" + Guid.NewGuid().ToString("N")[..8]);

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Opbx.Web.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["Opbx__DataDirectory"] = _data;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A command that never returns (the web server started instead, as an unknown command once did) fails the test, not the run.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"\"{string.Join(' ', args)}\" did not exit within 90 seconds.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task CreatesAPlatformManagerATokenAndABackup()
    {
        var created = await RunAsync("create-platform-manager", "--email", "ops@example.test", "--name", "Ops Person", "--password", "Ops-password-123");
        Assert.True(created.Code == 0, created.Err);
        Assert.Contains("ops@example.test", created.Out);

        var token = await RunAsync("create-token", "--email", "ops@example.test", "--name", "automation");
        Assert.True(token.Code == 0, token.Err);
        var plain = token.Out.Trim().Split('\n').Last().Trim();
        Assert.StartsWith("opbx_pt_", plain);

        var backupFile = Path.Combine(_data, "backups", "copy.db");
        var backup = await RunAsync("backup", "--to", backupFile);
        Assert.True(backup.Code == 0, backup.Err);
        await using var copy = new SqliteConnection($"Data Source={backupFile};Mode=ReadOnly");
        await copy.OpenAsync();
        await using var query = copy.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM Accounts WHERE Email = 'ops@example.test' AND IsPlatformManager = 1";
        Assert.Equal(1L, (long)(await query.ExecuteScalarAsync())!);
        await using var tokens = copy.CreateCommand();
        tokens.CommandText = "SELECT COUNT(*) FROM PlatformTokens";
        Assert.Equal(1L, (long)(await tokens.ExecuteScalarAsync())!);

        var again = await RunAsync("backup", "--to", backupFile);
        Assert.NotEqual(0, again.Code);
        Assert.Contains("already exists", again.Err);
    }

    [Fact]
    public async Task MissingArgumentsAreExplained()
    {
        var result = await RunAsync("create-token", "--name", "x");
        Assert.Equal(2, result.Code);
        Assert.Contains("--email is required", result.Err);
        var unknown = await RunAsync("create-token", "--email", "nobody@example.test", "--name", "x");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("No platform manager", unknown.Err);
    }

    [Fact]
    public async Task AnUnknownCommandPrintsUsageAndExits2WithoutStartingAnything()
    {
        var result = await RunAsync("create-platfrom-manager", "--email", "ops@example.test");
        Assert.Equal(2, result.Code);
        Assert.Contains("Unknown command \"create-platfrom-manager\"", result.Err);
        Assert.Contains("Usage:", result.Err);
        Assert.Contains("create-platform-manager --email E --name N", result.Err);
        Assert.Equal("", result.Out);
        // Nothing was opened or created: no database, no web server.
        Assert.False(File.Exists(Path.Combine(_data, "opbx.db")));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task HelpPrintsUsage(string word)
    {
        var result = await RunAsync(word);
        Assert.True(result.Code == 0, result.Err);
        Assert.Contains("Usage:", result.Out);
        foreach (var verb in new[] { "create-platform-manager", "create-token", "backup", "seed-demo", "help" }) Assert.Contains(verb, result.Out);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task CommandsKeepEfCoresSqlOutOfTheirOutput()
    {
        // Even when the settings ask for every SQL statement (as a Development configuration might), a command prints only its own lines.
        var verbose = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        };
        var result = await RunAsync(verbose, "create-platform-manager", "--email", "quiet@example.test", "--name", "Quiet Person", "--password", "Quiet-password-123");
        Assert.True(result.Code == 0, result.Err);
        var output = result.Out + result.Err;
        Assert.DoesNotContain("Executed DbCommand", output);
        Assert.DoesNotContain("SELECT", output);
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore", output);
        Assert.Contains("Created the platform manager quiet@example.test", result.Out);
    }

    [Fact]
    public async Task SeedDemoFillsAnEmptyDatabaseThroughTheServicesAndRefusesASecondTime()
    {
        var demo = await RunAsync("seed-demo", "--password", "Demo-password-2026");
        Assert.True(demo.Code == 0, demo.Err);
        Assert.Contains("Demo-password-2026", demo.Out);
        Assert.Contains("morgan.reyes@provider.example.com", demo.Out);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_data, "opbx.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            async Task<List<string>> Column(string sql)
            {
                await using var command = db.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                var values = new List<string>();
                while (await reader.ReadAsync()) values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
                return values;
            }

            Assert.Equal(["Harbour View Hotel", "Marsh & Whitfield LLP", "Riverside Family Clinic"], await Column("SELECT Name FROM Organizations ORDER BY Name"));
            foreach (var organization in await Column("SELECT Id FROM Organizations"))
            {
                // Every role of SPEC §1, someone inactive, and a phone system to look at.
                var roles = await Column($"SELECT DISTINCT Role FROM Memberships WHERE OrganizationId = '{organization}' AND Status = 'Active' ORDER BY Role");
                Assert.Equal(["Owner", "PbxAdmin", "PbxUser", "Reporter"], roles);
                Assert.NotEmpty(await Column($"SELECT Id FROM Memberships WHERE OrganizationId = '{organization}' AND Status = 'Inactive'"));
                Assert.NotEmpty(await Column($"SELECT Id FROM Memberships WHERE OrganizationId = '{organization}' AND InvitedAt IS NOT NULL"));
                foreach (var table in new[] { "Extensions", "RingGroups", "Queues", "Dids", "OutboundRoutes", "EmergencyNumbers" })
                    Assert.NotEmpty(await Column($"SELECT Id FROM {table} WHERE OrganizationId = '{organization}'"));
                // The history was written by the audit interceptor as the people who acted, spread over weeks.
                var actors = await Column($"SELECT DISTINCT Actor FROM AuditEntries WHERE OrganizationId = '{organization}'");
                Assert.True(actors.Count >= 3, string.Join(", ", actors));
                var deploys = await Column($"SELECT Status FROM Deploys WHERE OrganizationId = '{organization}'");
                Assert.True(deploys.Count >= 2 && deploys.All(d => d == "Succeeded"), string.Join(", ", deploys));
            }
            Assert.NotEmpty(await Column("SELECT Id FROM Trunks WHERE OrganizationId IS NULL"));
            var days = await Column("SELECT COUNT(DISTINCT date(At / 10000000 - 62135596800, 'unixepoch')) FROM AuditEntries");
            Assert.True(int.Parse(days[0], System.Globalization.CultureInfo.InvariantCulture) >= 10, $"audit entries on {days[0]} days");

            // Each person shown for signing in has the printed password.
            var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<Opbx.Domain.People.Account>();
            foreach (var email in new[] { "morgan.reyes@provider.example.com", "sofia.marquez@harbourview.example.com", "daniel.kim@riversideclinic.example.com",
                         "olivia.bennett@marshwhitfield.example.com", "peter.lindqvist@marshwhitfield.example.com" })
            {
                Assert.Contains(email, demo.Out);
                var hash = (await Column($"SELECT PasswordHash FROM Accounts WHERE Email = '{email}'")).Single();
                Assert.NotEqual(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(null!, hash, "Demo-password-2026"));
            }
        }
        Assert.True(Directory.EnumerateFiles(Path.Combine(_data, "asterisk"), "*.conf", SearchOption.AllDirectories).Any());

        var again = await RunAsync("seed-demo");
        Assert.Equal(3, again.Code);
        Assert.Contains("already holds 3 organizations", again.Err);
        Assert.Contains("changed nothing", again.Err);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
