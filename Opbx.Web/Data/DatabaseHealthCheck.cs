using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Opbx.Data;

/// <summary>
/// /healthz: can the database take a write? A tiny write in a transaction that is rolled back (it must take the write lock
/// and a page, so a busy database or a read-only file fails it), and enough free space on the data folder's disk (in WAL
/// mode a rolled-back write never reaches the disk, and it may fit in a page freed earlier, so a full disk shows only there). The answer is kept for a
/// second, so monitoring that polls often costs nothing and /healthz stays about a millisecond.
/// </summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OpbxOptions> options, DataDisk disk) : IHealthCheck
{
    /// <summary>Below this much free space writes are about to fail (the WAL and the database grow a few pages at a time).</summary>
    public const long MinimumFreeBytes = 1024 * 1024;
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (Fresh() is { } cached) return cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again;
            var result = await ProbeAsync(ct);
            _last = (result, clock.GetUtcNow());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < KeepFor ? last.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken ct)
    {
        var free = disk.FreeBytes(options.Value.DataPath());
        if (free < MinimumFreeBytes)
            return HealthCheckResult.Unhealthy(
                $"{DatabaseFault.Title(DatabaseFaultKind.Full)}: the data folder's disk has {free:N0} bytes free, so writes fail. Free some space.");
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await db.WithBusyWaitAsync(LockWait, async () =>
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
                await using var write = connection.CreateCommand();
                write.Transaction = transaction;
                write.CommandText = "CREATE TABLE healthz_probe (x); INSERT INTO healthz_probe VALUES (1);";
                await write.ExecuteNonQueryAsync(ct);
                await transaction.RollbackAsync(ct);
            });
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException e) when (DatabaseFault.Of(e) is { } fault)
        {
            // Busy: writes are waiting for another writer, and answer 503 if it holds the lock past the busy timeout.
            return fault == DatabaseFaultKind.Busy
                ? HealthCheckResult.Degraded(DatabaseFault.Message(fault), e)
                : HealthCheckResult.Unhealthy($"{DatabaseFault.Title(fault)}: {e.Message}", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
