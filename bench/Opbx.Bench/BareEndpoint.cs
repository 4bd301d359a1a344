using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Opbx.Bench;

/// <summary>
/// The yardstick of bench/run.sh: the least a page could do on this machine — a Kestrel endpoint that reads 50 rows
/// (name, e-mail, created) from the same SQLite file with a pooled connection and answers them as JSON. Not part of Opbx.
/// </summary>
public static class BareEndpoint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var connectionString = $"Data Source={Path.Combine(options["data"], "opbx.db")};Mode=ReadOnly";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options["urls"]);
        var app = builder.Build();
        app.MapGet("/rows", async () =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT Name, Email, CreatedAt FROM Accounts ORDER BY Name LIMIT 50";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string[]>(50);
            while (await reader.ReadAsync()) rows.Add([reader.GetString(0), reader.GetString(1), reader.GetValue(2).ToString()!]);
            return Results.Json(rows);
        });
        await app.RunAsync();
        return 0;
    }
}
