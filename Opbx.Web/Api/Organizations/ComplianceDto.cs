namespace Opbx.Api;

public sealed record ComplianceDto(string? RecordingConsentMode, int? CdrRetentionDays, int? RecordingRetentionDays, bool? PiiMasking);
