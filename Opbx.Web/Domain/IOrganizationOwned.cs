namespace Opbx.Domain;

/// <summary>Data that belongs to one organization; the data layer filters and guards it by the current organization.</summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; set; }
}
