using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>
/// Everything the renderer needs to write one organization's files, read from the database in one go
/// (<see cref="PbxSnapshots"/>) or built by hand in tests. <see cref="Trunks"/> are the trunks the organization may use:
/// its own (written into its files) and the shared ones (written into the top-level file).
/// </summary>
public sealed record OrganizationPbx(
    Guid Id,
    string Key,
    bool Suspended,
    int ConcurrentCalls,
    bool Voicemail,
    bool CallTransfer,
    IReadOnlyList<PbxExtension> Extensions,
    IReadOnlyList<PbxRingGroup> RingGroups,
    IReadOnlyList<PbxQueue> Queues,
    IReadOnlyList<PbxTrunk> Trunks,
    IReadOnlyList<PbxDid> Dids,
    IReadOnlyList<PbxOutboundRoute> OutboundRoutes,
    IReadOnlyList<PbxEmergencyNumber> EmergencyNumbers)
{
    /// <summary>Call recording and its consent mode; null when the organization does not record (feature or setting off).</summary>
    public PbxRecording? Recording { get; init; }

    /// <summary>
    /// A hard usage limit is reached (e.g. <c>monthly_minutes</c>): outbound patterns play <see cref="AsteriskSounds.LimitReached"/>
    /// and refuse the call (SIP 403). Emergency numbers and calls inside the organization are not affected.
    /// </summary>
    public bool OutboundBlocked { get; init; }

    /// <summary>A hard usage limit is reached (e.g. <c>storage_gb</c>): nothing is recorded, whatever <see cref="Recording"/> says.</summary>
    public bool RecordingBlocked { get; init; }
}
