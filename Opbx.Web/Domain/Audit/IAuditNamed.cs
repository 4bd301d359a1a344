namespace Opbx.Domain.Audit;

/// <summary>How an entity is named in the audit log's target column.</summary>
public interface IAuditNamed
{
    string AuditName { get; }
}
