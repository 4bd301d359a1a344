namespace Opbx.Domain.Organizations;

/// <summary>
/// An organization's compliance settings: how callers consent to recording, how long call records and recordings are kept,
/// whether numbers are masked. The one place that reads them from an organization, writes them back and checks them, for
/// the owners' settings page, the platform's organization pages and every API that takes them.
/// </summary>
public sealed record Compliance(RecordingConsentMode RecordingConsentMode, int CdrRetentionDays, int RecordingRetentionDays, bool PiiMasking)
{
    public const string ConsentModeRule = "Choose a recording consent mode: none, announcement, opt_in or opt_out.";
    public const int MaxRetentionDays = 3_650;

    public static Compliance From(Organization o) => new(o.RecordingConsentMode, o.CdrRetentionDays, o.RecordingRetentionDays, o.PiiMasking);

    public void ApplyTo(Organization o)
    {
        o.RecordingConsentMode = RecordingConsentMode;
        o.CdrRetentionDays = CdrRetentionDays;
        o.RecordingRetentionDays = RecordingRetentionDays;
        o.PiiMasking = PiiMasking;
    }

    /// <summary>Adds a message per field that is out of range, keyed by property name.</summary>
    public void Validate(FieldErrors errors)
    {
        if (!Enum.IsDefined(RecordingConsentMode)) errors.Add(nameof(RecordingConsentMode), ConsentModeRule);
        errors.Range(nameof(CdrRetentionDays), CdrRetentionDays, 1, MaxRetentionDays, "days");
        errors.Range(nameof(RecordingRetentionDays), RecordingRetentionDays, 1, MaxRetentionDays, "days");
    }

    /// <summary>
    /// Compliance as typed in a form or an API body, checked all at once: a value left out keeps the one in
    /// <paramref name="current"/>, or is an error when there is none. A mode that is not one of the product's words is an
    /// error, and the current mode (if any) is kept in the result.
    /// </summary>
    public static Compliance Parse(string? consentMode, int? cdrRetentionDays, int? recordingRetentionDays, bool? piiMasking, Compliance? current,
        FieldErrors errors)
    {
        var mode = current?.RecordingConsentMode ?? RecordingConsentMode.None;
        if (consentMode is not null || current is null)
        {
            if (Names.TryParseConsent(consentMode, out var parsed)) mode = parsed;
            else errors.Add(nameof(RecordingConsentMode), ConsentModeRule);
        }
        if (cdrRetentionDays is null && current is null) errors.Add(nameof(CdrRetentionDays), "Give the number of days to keep call records.");
        if (recordingRetentionDays is null && current is null) errors.Add(nameof(RecordingRetentionDays), "Give the number of days to keep recordings.");
        if (piiMasking is null && current is null) errors.Add(nameof(PiiMasking), "Say whether numbers are masked: true or false.");
        var result = new Compliance(mode, cdrRetentionDays ?? current?.CdrRetentionDays ?? 0, recordingRetentionDays ?? current?.RecordingRetentionDays ?? 0,
            piiMasking ?? current?.PiiMasking ?? false);
        var ranges = new FieldErrors();
        result.Validate(ranges);
        foreach (var (field, messages) in ranges.ToDictionary())
        {
            // A missing value was reported above; its stand-in 0 is no second error.
            if (field == nameof(CdrRetentionDays) && cdrRetentionDays is null || field == nameof(RecordingRetentionDays) && recordingRetentionDays is null) continue;
            foreach (var message in messages) errors.Add(field, message);
        }
        return result;
    }
}
