namespace Opbx.Domain.Pbx;

public sealed record EmergencyNumberRow(Guid Id, string Number, Guid? CallerIdDidId, string? CallerId, IReadOnlyList<Guid> TrunkIds,
    IReadOnlyList<string> TrunkNames);
