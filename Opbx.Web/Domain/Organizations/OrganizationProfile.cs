using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;
using Opbx.Domain.Usage;

namespace Opbx.Domain.Organizations;

/// <summary>The current organization's own settings that its owners manage: contact details, compliance and usage alerts and hard limits.</summary>
public sealed class OrganizationProfile(OpbxDb db, TimeProvider clock)
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

    /// <summary>Compliance as typed (settings page, API): every field is required; all problems are reported at once.</summary>
    public async Task<Organization> UpdateComplianceAsync(Actor actor, string? consentMode, int? cdrRetentionDays, int? recordingRetentionDays,
        bool? piiMasking, CancellationToken ct = default)
    {
        AccessRules.ManageOrganizationSettings(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        var compliance = Compliance.Parse(consentMode, cdrRetentionDays, recordingRetentionDays, piiMasking, null, errors);
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await GetAsync(ct);
        compliance.ApplyTo(organization);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization;
    }

    /// <summary>
    /// Usage alert thresholds and hard limits (settings page, API). A value left out (null) keeps the stored one. Turning a hard
    /// limit on or off applies at once: the blocks are set from the usage now, and the save queues the deploy.
    /// </summary>
    public async Task<Organization> UpdateUsageAsync(Actor actor, string? thresholds, bool? minutesHardLimit, bool? storageHardLimit,
        CancellationToken ct = default)
    {
        AccessRules.ManageOrganizationSettings(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        IReadOnlyList<int>? parsed = null;
        if (thresholds is not null && !UsageThresholds.TryParse(thresholds, out parsed)) errors.Add("UsageAlertThresholds", UsageThresholds.Rule);
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await GetAsync(ct);
        if (parsed is not null) organization.UsageAlertThresholds = UsageThresholds.Format(parsed);
        if (minutesHardLimit is { } minutes) organization.MinutesHardLimit = minutes;
        if (storageHardLimit is { } storage) organization.StorageHardLimit = storage;
        await UsageService.ApplyHardLimitsAsync(db, organization, clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return organization;
    }
}
