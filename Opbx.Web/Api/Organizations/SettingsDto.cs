namespace Opbx.Api;

public sealed record SettingsDto(int? MaxUsers, int? MaxDids, int? MaxTrunks, int? MaxQueues, bool? RecordingEnabled, bool? WebhooksEnabled,
    FeaturesDto? Features, int? MaxApiKeys, int? MaxRequestsPerDay);
