using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Api;

public static class OrganizationMapping
{
    /// <summary>Where each settings field lives in the API body, for field errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldPaths = new Dictionary<string, string>
    {
        [nameof(OrganizationSettings.Name)] = "name",
        [nameof(OrganizationSettings.Industry)] = "industry",
        [nameof(OrganizationSettings.ContactEmail)] = "contact_info.email",
        [nameof(OrganizationSettings.ContactPhone)] = "contact_info.phone",
        ["OwnerName"] = "owner.name",
        ["OwnerEmail"] = "owner.email",
        [nameof(OrganizationSettings.MaxUsers)] = "settings.max_users",
        [nameof(OrganizationSettings.MaxDids)] = "settings.max_dids",
        [nameof(OrganizationSettings.MaxTrunks)] = "settings.max_trunks",
        [nameof(OrganizationSettings.MaxQueues)] = "settings.max_queues",
        [nameof(OrganizationSettings.MaxApiKeys)] = "settings.max_api_keys",
        [nameof(OrganizationSettings.MaxRequestsPerDay)] = "settings.max_requests_per_day",
        [nameof(OrganizationSettings.ConcurrentCalls)] = "limits.concurrent_calls",
        [nameof(OrganizationSettings.MonthlyMinutes)] = "limits.monthly_minutes",
        [nameof(OrganizationSettings.StorageGb)] = "limits.storage_gb",
        [nameof(OrganizationSettings.RecordingConsentMode)] = "compliance.recording_consent_mode",
        [nameof(OrganizationSettings.CdrRetentionDays)] = "compliance.cdr_retention_days",
        [nameof(OrganizationSettings.RecordingRetentionDays)] = "compliance.recording_retention_days",
        [nameof(OrganizationSettings.PiiMasking)] = "compliance.pii_masking",
    };

    /// <summary>The domain's errors (keyed by settings property) under the API's paths, after the API's own; one message per field.</summary>
    public static void AddDomainErrors(IReadOnlyDictionary<string, string[]> domain, FieldErrors errors)
    {
        var own = errors.ToDictionary();
        foreach (var (key, messages) in domain)
        {
            var field = FieldPaths.GetValueOrDefault(key, Json.Name(key));
            // A value the API already refused (e.g. an unknown consent mode) is not also reported as the preset's problem.
            if (own.ContainsKey(field)) continue;
            foreach (var message in messages) errors.Add(field, message);
        }
    }

    /// <summary>Applies the given fields over <paramref name="s"/>; errors for values that are not of the product's vocabulary.</summary>
    public static void ApplyTo(OrganizationInput input, OrganizationSettings s, bool quotaGiven, FieldErrors errors)
    {
        if (input.Name is not null) s.Name = input.Name;
        if (input.ContactInfo is { } c)
        {
            if (c.Email is not null) s.ContactEmail = c.Email;
            if (c.Phone is not null) s.ContactPhone = c.Phone;
        }
        if (input.Settings is { } st)
        {
            s.MaxUsers = st.MaxUsers ?? s.MaxUsers;
            s.MaxDids = st.MaxDids ?? s.MaxDids;
            s.MaxTrunks = st.MaxTrunks ?? s.MaxTrunks;
            s.MaxQueues = st.MaxQueues ?? s.MaxQueues;
            s.RecordingEnabled = st.RecordingEnabled ?? s.RecordingEnabled;
            s.WebhooksEnabled = st.WebhooksEnabled ?? s.WebhooksEnabled;
            s.MaxApiKeys = st.MaxApiKeys ?? s.MaxApiKeys;
            if (quotaGiven) s.MaxRequestsPerDay = st.MaxRequestsPerDay;
            if (st.Features is { } f)
            {
                s.CallTransfer = f.CallTransfer ?? s.CallTransfer;
                s.CallRecording = f.CallRecording ?? s.CallRecording;
                s.Voicemail = f.Voicemail ?? s.Voicemail;
                s.Conference = f.Conference ?? s.Conference;
                s.Ivr = f.Ivr ?? s.Ivr;
                s.AiAgent = f.AiAgent ?? s.AiAgent;
            }
        }
        if (input.Limits is { } l)
        {
            s.ConcurrentCalls = l.ConcurrentCalls ?? s.ConcurrentCalls;
            s.MonthlyMinutes = l.MonthlyMinutes ?? s.MonthlyMinutes;
            s.StorageGb = l.StorageGb ?? s.StorageGb;
        }
        if (input.Compliance is { } cp)
        {
            var compliance = new FieldErrors();
            s.Compliance = Compliance.Parse(cp.RecordingConsentMode, cp.CdrRetentionDays, cp.RecordingRetentionDays, cp.PiiMasking, s.Compliance, compliance);
            foreach (var (field, messages) in compliance.ToDictionary())
                foreach (var message in messages) errors.Add(FieldPaths.GetValueOrDefault(field, field), message);
        }
    }

    public static OrganizationDto ToDto(Organization o, OrganizationRow? row = null) => new(
        o.Id, o.Name, o.Slug, Names.Of(o.Industry), Names.Of(o.Status), o.CreatedAt,
        new ContactInfoDto(o.ContactEmail, o.ContactPhone),
        row is null ? null : new OwnerDto(row.OwnerName, row.OwnerEmail),
        new SettingsDto(o.MaxUsers, o.MaxDids, o.MaxTrunks, o.MaxQueues, o.RecordingEnabled, o.WebhooksEnabled,
            new FeaturesDto(o.CallTransfer, o.CallRecording, o.Voicemail, o.Conference, o.Ivr, o.AiAgent), o.MaxApiKeys, o.MaxRequestsPerDay),
        new LimitsDto(o.ConcurrentCalls, o.MonthlyMinutes, o.StorageGb),
        new ComplianceDto(Names.Of(o.RecordingConsentMode), o.CdrRetentionDays, o.RecordingRetentionDays, o.PiiMasking),
        row is null ? null : new UsageDto(row.Users, row.ActiveUsers, row.Extensions));

    public static OrganizationDto ToDto(OrganizationRow r, Organization o) => ToDto(o, r);
}
