namespace Opbx.Api;

public sealed record FeaturesDto(bool? CallTransfer, bool? CallRecording, bool? Voicemail, bool? Conference, bool? Ivr, bool? AiAgent);
