namespace Opbx.Domain.Pbx;

/// <summary>
/// Data that belongs either to one organization or to the platform (<see cref="OrganizationId"/> null): trunks (a platform
/// trunk is shared, every organization may route over it) and numbers (a platform number is in the provider's inventory,
/// no organization sees it). The data layer filters and guards both explicitly; see <c>OpbxDb</c>.
/// </summary>
public interface IOrganizationOrPlatformOwned
{
    Guid? OrganizationId { get; set; }
}
