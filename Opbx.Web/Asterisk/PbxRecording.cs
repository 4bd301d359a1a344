using Opbx.Domain;

namespace Opbx.Asterisk;

/// <summary>
/// Call recording of one organization, present in its snapshot only when both <c>recording_enabled</c> and the
/// <c>call_recording</c> feature are on: how consent is asked (<see cref="Consent"/>) and the absolute folder Asterisk's
/// MixMonitor writes the files into (the organization's recordings folder, <c>OrganizationFiles.Recordings</c>).
/// </summary>
public sealed record PbxRecording(RecordingConsentMode Consent, string Folder);
