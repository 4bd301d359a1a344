namespace Opbx.Domain.Access;

public sealed record AuthenticatedKey(ApiKey Key, Organization Organization);
