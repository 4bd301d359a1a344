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
    IReadOnlyList<PbxEmergencyNumber> EmergencyNumbers);
