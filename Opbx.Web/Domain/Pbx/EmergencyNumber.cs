namespace Opbx.Domain.Pbx;

/// <summary>
/// An emergency number (e.g. 911, 112) an organization's phones can always dial: before suspension and the
/// concurrent-call limit are looked at, with its own caller ID (one of the organization's numbers) and trunks in order.
/// </summary>
public sealed class EmergencyNumber : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = EntityId.New();
    public Guid OrganizationId { get; set; }
    public required string Number { get; set; }
    public Guid? CallerIdDidId { get; set; }
    public Did? CallerIdDid { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<EmergencyNumberTrunk> Trunks { get; set; } = [];

    public string AuditName => Number;
}
