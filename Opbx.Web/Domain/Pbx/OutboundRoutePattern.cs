namespace Opbx.Domain.Pbx;

/// <summary>A dial pattern of an outbound route: what a phone dials, how many leading digits go, and what is put in front.</summary>
public sealed class OutboundRoutePattern : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public Guid OutboundRouteId { get; set; }
    public OutboundRoute? OutboundRoute { get; set; }
    /// <summary>A <see cref="DialPattern"/>, unique in the organization.</summary>
    public required string Pattern { get; set; }
    public int Strip { get; set; }
    /// <summary>Digits put in front after stripping, optionally starting with +.</summary>
    public string Prepend { get; set; } = "";
    public int Position { get; set; }

    public string AuditName => $"{OutboundRoute?.Name}: {Pattern}";
}
