namespace Opbx.Domain.Organizations;

public sealed record CreatedOrganization(Organization Organization, Account Owner, string ApiKeyId, string ApiSecret);
