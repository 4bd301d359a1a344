namespace Opbx.Api;

/// <summary>The body of POST /api/v1/numbers/{id}/assign: the organization that gets the number (from the inventory or from another organization).</summary>
public sealed record NumberAssignmentDto(Guid? OrganizationId);
