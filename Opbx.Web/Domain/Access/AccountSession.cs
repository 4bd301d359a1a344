namespace Opbx.Domain.Access;

/// <summary>
/// One browser session, recorded on the server when a person signs in. The session cookie names its row; a cookie whose
/// row is gone (signed out, "sign out this session", "sign out everywhere", a password change) is refused, even a copy
/// taken before.
/// </summary>
public sealed class AccountSession
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>The client address last seen (as the app sees it, so behind a proxy the forwarded one).</summary>
    public string Address { get; set; } = "";
    /// <summary>The browser's User-Agent at sign-in, shortened.</summary>
    public string Browser { get; set; } = "";
    /// <summary>The account's security stamp this session was issued under: a session from before a stamp change is dead.</summary>
    public string SecurityStamp { get; set; } = "";
}
