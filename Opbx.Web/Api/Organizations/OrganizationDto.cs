namespace Opbx.Api;

public sealed record OrganizationDto(Guid Id, string Name, string Slug, string Industry, string Status, DateTimeOffset CreatedAt,
    ContactInfoDto ContactInfo, OwnerDto? Owner, SettingsDto Settings, LimitsDto Limits, ComplianceDto Compliance, UsageDto? Usage);
