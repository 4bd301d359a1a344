namespace Opbx.Domain.Audit;

/// <summary>One kind of audit entry: its stored name ("membership.updated") and its words ("Member updated").</summary>
public sealed record AuditAction(string Name, string TargetType, string Label);
