namespace Opbx.Domain.Organizations;

public sealed class Organization : IAuditNamed, IOrganizationTerms
{
    public Guid Id { get; set; } = EntityId.New();
    public required string Name { get; set; }
    /// <summary>Stable, derived once from the first name; used in Asterisk object names.</summary>
    public required string Slug { get; set; }
    public Industry Industry { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public OrganizationStatus Status { get; set; } = OrganizationStatus.Active;
    public DateTimeOffset CreatedAt { get; set; }

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

    /// <summary>Percentages of monthly_minutes and storage_gb at which the owners are e-mailed, e.g. "80,100" (UsageThresholds).</summary>
    public string UsageAlertThresholds { get; set; } = "80,100";
    /// <summary>Reaching monthly_minutes blocks new outbound calls until the month turns or the limit is raised (advisory when false).</summary>
    public bool MinutesHardLimit { get; set; }
    /// <summary>Reaching storage_gb stops recording until storage is freed or the limit is raised (advisory when false).</summary>
    public bool StorageHardLimit { get; set; }
    /// <summary>Set by the usage check when a hard minutes limit is reached: the generated dialplan refuses new outbound calls.</summary>
    public bool OutboundBlocked { get; set; }
    /// <summary>Set by the usage check when a hard storage limit is reached: the generated dialplan does not record.</summary>
    public bool RecordingBlocked { get; set; }

    public RecordingConsentMode RecordingConsentMode { get; set; }
    public int CdrRetentionDays { get; set; }
    public int RecordingRetentionDays { get; set; }
    public bool PiiMasking { get; set; }

    public int MaxApiKeys { get; set; } = 2;
    /// <summary>Null means unlimited.</summary>
    public int? MaxRequestsPerDay { get; set; }

    /// <summary>Saves collect as pending changes until "Deploy now" instead of deploying by themselves (owners switch it).</summary>
    public bool ManualDeploys { get; set; }
    /// <summary>Set by a rollback by hand: auto-deploy pauses (a banner says so) until the next "Deploy now".</summary>
    public DateTimeOffset? DeploysPausedAt { get; set; }

    /// <summary>Saves of the phone system wait for "Deploy now".</summary>
    public bool HoldsDeploys => ManualDeploys || DeploysPausedAt is not null;

    public List<Membership> Memberships { get; set; } = [];

    public string AuditName => Name;
}
