using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Organizations;

public sealed record Compliance(RecordingConsentMode RecordingConsentMode, int CdrRetentionDays, int RecordingRetentionDays, bool PiiMasking);

/// <summary>The current organization's own settings that its owners manage: contact details and compliance.</summary>
public sealed class OrganizationProfile(OpbxDb db)
{
    public async Task<Organization> GetAsync(CancellationToken ct = default) =>
        await db.Organizations.FirstOrDefaultAsync(o => o.Id == db.Tenant.OrganizationId, ct) ?? throw new NotFoundException("Organization");

    public async Task<Organization> UpdateContactAsync(Actor actor, string? email, string? phone, CancellationToken ct = default)
    {
        AccessRules.ManageOrganizationSettings(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        if (!string.IsNullOrWhiteSpace(email) && !EmailAddress.IsValid(email)) errors.Add("ContactEmail", "Enter a valid email address, like ops@example.com.");
        if (!string.IsNullOrWhiteSpace(phone) && !PhoneNumber.IsValid(phone)) errors.Add("ContactPhone", "Enter a phone number of digits, spaces, +, - or parentheses (at most 30).");
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await GetAsync(ct);
        organization.ContactEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        organization.ContactPhone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization;
    }

    public async Task<Organization> UpdateComplianceAsync(Actor actor, Compliance compliance, CancellationToken ct = default)
    {
        AccessRules.ManageOrganizationSettings(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        if (!Enum.IsDefined(compliance.RecordingConsentMode)) errors.Add("RecordingConsentMode", "Choose none, announcement, opt_in or opt_out.");
        errors.Range("CdrRetentionDays", compliance.CdrRetentionDays, 1, 3_650, "days");
        errors.Range("RecordingRetentionDays", compliance.RecordingRetentionDays, 1, 3_650, "days");
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await GetAsync(ct);
        organization.RecordingConsentMode = compliance.RecordingConsentMode;
        organization.CdrRetentionDays = compliance.CdrRetentionDays;
        organization.RecordingRetentionDays = compliance.RecordingRetentionDays;
        organization.PiiMasking = compliance.PiiMasking;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization;
    }
}
