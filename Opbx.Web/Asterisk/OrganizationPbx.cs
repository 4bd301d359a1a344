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
    /// <summary>A hard monthly_minutes limit is reached: new outbound calls are refused (Organization.OutboundBlocked).</summary>
    public bool OutboundBlocked { get; init; }
    /// <summary>A hard storage_gb limit is reached: calls are not recorded (Organization.RecordingBlocked).</summary>
    public bool RecordingBlocked { get; init; }
}
