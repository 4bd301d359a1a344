namespace Opbx.Domain.People;

public sealed record BulkResult(Guid MembershipId, string Name, bool Succeeded, string Message);
