namespace Opbx.Domain.Organizations;

/// <summary>Starting limits, features and compliance for each industry; the wizard and API prefill from these.</summary>
public static class IndustryPresets
{
    public static OrganizationSettings For(Industry industry) => industry switch
    {
        Industry.Hotel => new OrganizationSettings
        {
            Industry = industry,
            MaxUsers = 50,
            MaxDids = 20,
            MaxTrunks = 2,
            MaxQueues = 5,
            ConcurrentCalls = 20,
            MonthlyMinutes = 20_000,
            StorageGb = 20,
            CallTransfer = true,
            Voicemail = true,
            Conference = true,
            Ivr = true,
            RecordingConsentMode = RecordingConsentMode.Announcement,
            CdrRetentionDays = 365,
            RecordingRetentionDays = 90,
        },
        Industry.Hospital => new OrganizationSettings
        {
            Industry = industry,
            MaxUsers = 200,
            MaxDids = 50,
            MaxTrunks = 4,
            MaxQueues = 20,
            ConcurrentCalls = 60,
            MonthlyMinutes = 100_000,
            StorageGb = 100,
            CallTransfer = true,
            Voicemail = true,
            Conference = true,
            Ivr = true,
            RecordingEnabled = true,
            CallRecording = true,
            RecordingConsentMode = RecordingConsentMode.Announcement,
            CdrRetentionDays = 2_555,
            RecordingRetentionDays = 365,
            PiiMasking = true,
        },
        _ => new OrganizationSettings
        {
            Industry = Industry.General,
            MaxUsers = 25,
            MaxDids = 10,
            MaxTrunks = 1,
            MaxQueues = 3,
            ConcurrentCalls = 10,
            MonthlyMinutes = 10_000,
            StorageGb = 10,
            CallTransfer = true,
            Voicemail = true,
            RecordingConsentMode = RecordingConsentMode.None,
            CdrRetentionDays = 180,
            RecordingRetentionDays = 30,
        },
    };
}
