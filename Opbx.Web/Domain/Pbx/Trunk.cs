namespace Opbx.Domain.Pbx;

/// <summary>
/// A SIP connection to a carrier. An organization's own (private) trunk, or, with no organization, a shared trunk the
/// provider defines for everybody: every organization may route over it and its numbers arrive on it.
/// </summary>
public sealed class Trunk : IOrganizationOrPlatformOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    /// <summary>Null: a shared (platform) trunk.</summary>
    public Guid? OrganizationId { get; set; }
    public required string Name { get; set; }
    public required string Host { get; set; }
    public int Port { get; set; } = 5060;
    public TrunkTransport Transport { get; set; }
    public string? Username { get; set; }
    /// <summary>Protected with Data Protection. Written to Asterisk in clear in the outbound auth: the carrier's realm is not known in advance.</summary>
    [Secret] public string? Password { get; set; }
    /// <summary>Asterisk registers to the carrier (outbound registration).</summary>
    public bool Register { get; set; }
    /// <summary>The carrier's addresses or networks its calls come from, comma-separated (PJSIP identify).</summary>
    public string InboundMatch { get; set; } = "";
    /// <summary>Calls at once over this trunk, both directions; 0 for no limit.</summary>
    public int MaxChannels { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsShared => OrganizationId is null;

    public IReadOnlyList<string> MatchList => InboundMatch.Length == 0 ? [] : InboundMatch.Split(',');

    public string AuditName => Name;
}
