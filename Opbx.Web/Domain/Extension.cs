namespace Opbx.Domain;

public sealed class Extension : IOrganizationOwned, IAuditNamed
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganizationId { get; set; }
    public required string Number { get; set; }
    public string DisplayName { get; set; } = "";
    public Guid? MembershipId { get; set; }
    public Membership? Membership { get; set; }
    public bool VoicemailEnabled { get; set; } = true;
    [Secret] public string SipSecret { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public string AuditName => Number;
}
