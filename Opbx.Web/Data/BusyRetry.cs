namespace Opbx.Data;

/// <summary>
/// Runs a background step again, after a growing pause, when the database was busy: another writer held SQLite's write lock
/// longer than the busy timeout (<see cref="DatabaseFault.BusyTimeout"/>). A request answers 503 then and the person tries
/// again; a long background job (retention) must not lose its whole run to one such wait, so it waits and tries the step
/// again. Only <see cref="DatabaseFaultKind.Busy"/> is retried; any other failure, and a database still busy after every
/// attempt, is thrown to the caller, which records it with its reason.
/// </summary>
public static class BusyRetry
{
    /// <summary>The longest pause between two attempts.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <paramref name="step"/> (given the attempt number, from 0), tried up to 1 + <paramref name="retries"/> times; between two
    /// attempts <paramref name="onBusy"/> is told and the pause doubles from <paramref name="firstPause"/> up to <see cref="MaxPause"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<int, Task<T>> step, int retries, TimeSpan firstPause, Action<int, TimeSpan, Exception> onBusy,
        CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await step(attempt);
            }
            catch (Exception e) when (DatabaseFault.Of(e) == DatabaseFaultKind.Busy && !ct.IsCancellationRequested)
            {
                if (attempt >= retries)
                {
                    throw new TimeoutException($"The database stayed busy (another writer held its write lock) through {attempt + 1} attempts; " +
                        $"last error: {e.Message}", e);
                }
                var pause = Pause(firstPause, attempt);
                onBusy(attempt + 1, pause, e);
                await Task.Delay(pause, ct);
            }
        }
    }

    /// <summary>The pause after attempt <paramref name="attempt"/> (from 0): doubling, at most <see cref="MaxPause"/>.</summary>
    public static TimeSpan Pause(TimeSpan firstPause, int attempt)
    {
        var ticks = firstPause.Ticks;
        for (var i = 0; i < attempt && ticks < MaxPause.Ticks; i++) ticks *= 2;
        return TimeSpan.FromTicks(Math.Clamp(ticks, 0, MaxPause.Ticks));
    }
}
