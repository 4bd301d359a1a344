using System.Threading.RateLimiting;

namespace Opbx.Web.Security;

/// <summary>
/// Counts failures only (a wrong password for one account from one address; a refused API credential from one address), so
/// people who get it right are never slowed down, while guessing stops at the limit: past it the attempt is answered 429
/// before the credentials are even looked at. Built on the framework's partitioned rate limiter, one fixed window per key.
/// </summary>
public sealed class FailureThrottle : IDisposable
{
    /// <summary>What is counted: the kind of attempt, the client address, the account typed (or ""), and the limit in force.</summary>
    public readonly record struct Key(string Kind, string Address, string Subject, int Permits, TimeSpan Window);

    private readonly PartitionedRateLimiter<Key> _limiter = PartitionedRateLimiter.Create<Key, Key>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, k.Permits),
            Window = k.Window,
            QueueLimit = 0,
        }));

    /// <summary>True when no attempt is left for this key; then <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsExhausted(Key key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key, 0);
        retryAfter = TimeSpan.Zero;
        if (lease.IsAcquired) return false;
        if (!lease.TryGetMetadata(MetadataName.RetryAfter, out retryAfter)) retryAfter = key.Window;
        return true;
    }

    public void Failed(Key key) => _limiter.AttemptAcquire(key, 1).Dispose();

    public void Dispose() => _limiter.Dispose();
}
