namespace Opbx.Domain.Organizations;

/// <summary>Everything an operator sets on an organization (SPEC §3), as entered in the wizard, edit page or API.</summary>
public sealed class OrganizationSettings : IOrganizationTerms
{
    public string Name { get; set; } = "";
    public Industry Industry { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }

    public bool RecordingEnabled { get; set; }
    public bool WebhooksEnabled { get; set; }
    public bool CallTransfer { get; set; }
    public bool CallRecording { get; set; }
    public bool Voicemail { get; set; }
    public bool Conference { get; set; }
    public bool Ivr { get; set; }
    public bool AiAgent { get; set; }

    public int MaxUsers { get; set; }
    public int MaxDids { get; set; }
    public int MaxTrunks { get; set; }
    public int MaxQueues { get; set; }
    public int ConcurrentCalls { get; set; }
    public int MonthlyMinutes { get; set; }
    public int StorageGb { get; set; }

    public RecordingConsentMode RecordingConsentMode { get; set; }
    public int CdrRetentionDays { get; set; }
    public int RecordingRetentionDays { get; set; }
    public bool PiiMasking { get; set; }

    /// <summary>The four compliance fields as one value, read and written through <see cref="Organizations.Compliance"/>.</summary>
    public Compliance Compliance
    {
        get => new(RecordingConsentMode, CdrRetentionDays, RecordingRetentionDays, PiiMasking);
        set => (RecordingConsentMode, CdrRetentionDays, RecordingRetentionDays, PiiMasking) =
            (value.RecordingConsentMode, value.CdrRetentionDays, value.RecordingRetentionDays, value.PiiMasking);
    }

    public int MaxApiKeys { get; set; } = 2;
    public int? MaxRequestsPerDay { get; set; }

    public static OrganizationSettings From(Organization o)
    {
        var settings = new OrganizationSettings
        {
            Name = o.Name,
            ContactEmail = o.ContactEmail,
            ContactPhone = o.ContactPhone,
            Compliance = Compliance.From(o),
        };
        IOrganizationTerms.Copy(o, settings);
        return settings;
    }

    public void ApplyTo(Organization o)
    {
        o.Name = SingleLineText.Normalize(Name);
        o.ContactEmail = string.IsNullOrWhiteSpace(ContactEmail) ? null : ContactEmail.Trim();
        o.ContactPhone = string.IsNullOrWhiteSpace(ContactPhone) ? null : ContactPhone.Trim();
        IOrganizationTerms.Copy(this, o);
        Compliance.ApplyTo(o);
    }

    /// <summary>Field → messages, keyed by property name; empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        var problem = SingleLineText.Problem(Name);
        var name = problem is null ? SingleLineText.Normalize(Name) : "";
        if (problem is not null) errors.Add(nameof(Name), problem);
        else if (name.Length < 2) errors.Add(nameof(Name), "Enter a name of at least 2 characters.");
        else if (name.Length > 100) errors.Add(nameof(Name), "The name can be at most 100 characters.");
        if (!Enum.IsDefined(Industry)) errors.Add(nameof(Industry), "Choose hotel, hospital or general.");
        if (!string.IsNullOrWhiteSpace(ContactEmail) && !EmailAddress.IsValid(ContactEmail))
            errors.Add(nameof(ContactEmail), "Enter a valid email address, like ops@example.com.");
        if (!string.IsNullOrWhiteSpace(ContactPhone) && !PhoneNumber.IsValid(ContactPhone))
            errors.Add(nameof(ContactPhone), "Enter a phone number of digits, spaces, +, - or parentheses (at most 30).");
        errors.Range(nameof(MaxUsers), MaxUsers, 1, 100_000, "users");
        errors.Range(nameof(MaxDids), MaxDids, 0, 100_000, "numbers");
        errors.Range(nameof(MaxTrunks), MaxTrunks, 0, 1_000, "trunks");
        errors.Range(nameof(MaxQueues), MaxQueues, 0, 1_000, "queues");
        errors.Range(nameof(ConcurrentCalls), ConcurrentCalls, 1, 10_000, "concurrent calls");
        errors.Range(nameof(MonthlyMinutes), MonthlyMinutes, 0, 100_000_000, "minutes");
        errors.Range(nameof(StorageGb), StorageGb, 0, 100_000, "GB");
        Compliance.Validate(errors);
        errors.Range(nameof(MaxApiKeys), MaxApiKeys, 1, 100, "keys");
        if (MaxRequestsPerDay is { } quota) errors.Range(nameof(MaxRequestsPerDay), quota, 1, 100_000_000, "requests");
        return errors.ToDictionary();
    }
}
