namespace Opbx.Domain.Organizations;

public sealed record OrganizationRow(Guid Id, string Name, string Slug, Industry Industry, OrganizationStatus Status,
    DateTimeOffset CreatedAt, string? OwnerName, string? OwnerEmail, int Users, int ActiveUsers, int MaxUsers, int Extensions);
