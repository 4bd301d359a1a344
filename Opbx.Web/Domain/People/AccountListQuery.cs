namespace Opbx.Domain.People;

public sealed record AccountListQuery(string? Search = null, bool? Active = null, bool? PlatformManager = null, Guid? OrganizationId = null,
    int Page = 1, int PageSize = 25);
