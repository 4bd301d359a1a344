namespace Opbx.Domain.Organizations;

/// <summary>
/// The terms an operator sets on an organization that are copied as they are between the organization and its settings
/// form (<see cref="OrganizationSettings"/>): features, limits and API quotas. One list of them, <see cref="Copy"/>, serves
/// both directions, so a new term is added in one place (and both classes must declare it, or this interface fails to compile).
/// </summary>
public interface IOrganizationTerms
{
    Industry Industry { get; set; }
    bool RecordingEnabled { get; set; }
    bool WebhooksEnabled { get; set; }
    bool CallTransfer { get; set; }
    bool CallRecording { get; set; }
    bool Voicemail { get; set; }
    bool Conference { get; set; }
    bool Ivr { get; set; }
    bool AiAgent { get; set; }
    int MaxUsers { get; set; }
    int MaxDids { get; set; }
    int MaxTrunks { get; set; }
    int MaxQueues { get; set; }
    int ConcurrentCalls { get; set; }
    int MonthlyMinutes { get; set; }
    int StorageGb { get; set; }
    int MaxApiKeys { get; set; }
    int? MaxRequestsPerDay { get; set; }

    /// <summary>Copies every term of <paramref name="from"/> onto <paramref name="to"/>.</summary>
    static void Copy(IOrganizationTerms from, IOrganizationTerms to)
    {
        to.Industry = from.Industry;
        to.RecordingEnabled = from.RecordingEnabled; to.WebhooksEnabled = from.WebhooksEnabled; to.CallTransfer = from.CallTransfer;
        to.CallRecording = from.CallRecording; to.Voicemail = from.Voicemail; to.Conference = from.Conference; to.Ivr = from.Ivr; to.AiAgent = from.AiAgent;
        to.MaxUsers = from.MaxUsers; to.MaxDids = from.MaxDids; to.MaxTrunks = from.MaxTrunks; to.MaxQueues = from.MaxQueues;
        to.ConcurrentCalls = from.ConcurrentCalls; to.MonthlyMinutes = from.MonthlyMinutes; to.StorageGb = from.StorageGb;
        to.MaxApiKeys = from.MaxApiKeys; to.MaxRequestsPerDay = from.MaxRequestsPerDay;
    }
}
