namespace Opbx.Data;

/// <summary>
/// A change the database makes past the change tracker (a bulk update, rows removed by ON DELETE CASCADE), with how many
/// rows of each kind it touched (<see cref="Counts"/>, by audit target type). Recorded through <see cref="AuditActor.RecordEffect"/>.
/// </summary>
public sealed record AuditEffect(string Action, string TargetType, string TargetId, string TargetName, Guid? OrganizationId,
    IReadOnlyDictionary<string, int> Counts, string Note);
