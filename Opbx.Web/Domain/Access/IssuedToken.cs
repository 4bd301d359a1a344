namespace Opbx.Domain.Access;

public sealed record IssuedToken(PlatformToken Token, string Plain);
