namespace Opbx.Domain.People;

/// <summary>What the per-request check read of the cookie's server-side session: enough to decide whether to note "last seen".</summary>
public sealed record SessionSeen(Guid Id, DateTimeOffset LastSeenAt, string Address);
