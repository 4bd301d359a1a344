namespace Opbx.Api;

/// <summary>The body of POST and PATCH /api/v1/organizations: every field optional; omitted fields keep their value (PATCH) or take the industry preset (POST).</summary>
public sealed record OrganizationInput(string? Name, string? Industry, ContactInfoDto? ContactInfo, OwnerDto? Owner, SettingsDto? Settings,
    LimitsDto? Limits, ComplianceDto? Compliance);
