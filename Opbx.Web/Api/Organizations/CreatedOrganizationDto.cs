namespace Opbx.Api;

public sealed record CreatedOrganizationDto(OrganizationDto Organization, string ApiKey, string ApiSecret);
