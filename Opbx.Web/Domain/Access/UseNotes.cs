using System.Collections.Concurrent;

namespace Opbx.Domain.Access;

/// <summary>
/// When this process last claimed the note "used now" of each session, API key and platform token. That note is
/// written at most once a minute, and every request that arrives in the same moment reads the same old time: without a
/// claim each of them wrote the same row, queueing for the database's write lock, and once a minute a page under load
/// stalled (p95 of 2 s windows at 16 connections up to 138 ms, 18–20 ms otherwise). The first to claim writes; the others
/// go on.
/// </summary>
public sealed class UseNotes(TimeProvider clock)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<Guid, Claim> _claims = new();

    private sealed record Claim(string Detail, DateTimeOffset At);

    /// <summary>How often a use is noted: reads on every request, a write at most this often (and at once for a new address).</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>
    /// True for the one caller that should write the note of <paramref name="id"/> now: the stored note
    /// (<paramref name="notedAt"/>, <paramref name="notedDetail"/>) is older than <see cref="Every"/> or names another
    /// <paramref name="detail"/> (a session's address), and nobody in this process claimed that note since.
    /// </summary>
    public bool Due(Guid id, DateTimeOffset? notedAt, string detail = "", string notedDetail = "")
    {
        var now = clock.GetUtcNow();
        if (notedAt is { } at && now - at <= Every && detail == notedDetail) return false;
        if (_claims.Count >= MaxEntries) _claims.Clear();
        var claim = new Claim(detail, now);
        while (true)
        {
            if (!_claims.TryGetValue(id, out var last))
            {
                if (_claims.TryAdd(id, claim)) return true;
            }
            else if (last.Detail == detail && now - last.At < Every) return false;
            else if (_claims.TryUpdate(id, claim, last)) return true;
        }
    }

    /// <summary>A claimed note that was not written (another writer held the database): the next request may try again.</summary>
    public void Release(Guid id) => _claims.TryRemove(id, out _);
}
