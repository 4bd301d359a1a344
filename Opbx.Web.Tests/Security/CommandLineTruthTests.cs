using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>create-platform-manager on an account that already exists says what it found and what it changed.</summary>
[Collection(AppCollection.Name)]
public sealed class CommandLineTruthTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "opbx-cli-" + Guid.NewGuid().ToString("N")[..8]);

    private async Task<string> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Opbx.Web.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["Opbx__DataDirectory"] = _data;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    private async Task SqlAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_data, "opbx.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AnExistingAccountIsDescribedAsItIs()
    {
        const string email = "someone@example.test";
        var created = await RunAsync("create-platform-manager", "--email", email, "--name", "Some One");
        Assert.Contains("Created the platform manager", created);
        Assert.Contains("It has no password yet", created);

        // The account got a password some other way (say, a stranger's registration in an older version) and is not a
        // platform manager: the command must neither claim it has no password nor stay silent about it.
        await RunAsync("create-platform-manager", "--email", email, "--name", "Some One", "--password", "First-password-12");
        await SqlAsync($"UPDATE Accounts SET IsPlatformManager = 0, IsActive = 0 WHERE Email = '{email}'");
        var promoted = await RunAsync("create-platform-manager", "--email", email, "--name", "Some One");
        Assert.Contains("already existed", promoted);
        Assert.Contains("It is now a platform manager.", promoted);
        Assert.Contains("deactivated and is active again", promoted);
        Assert.Contains("It already has a password, which was left unchanged.", promoted);
        Assert.DoesNotContain("no password yet", promoted);

        var again = await RunAsync("create-platform-manager", "--email", email, "--name", "Some One", "--password", "Second-password-12");
        Assert.Contains("It was already a platform manager.", again);
        Assert.Contains("Its password was replaced", again);
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
