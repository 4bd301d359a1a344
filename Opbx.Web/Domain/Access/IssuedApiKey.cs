namespace Opbx.Domain.Access;

public sealed record IssuedApiKey(ApiKey Key, string Secret);
