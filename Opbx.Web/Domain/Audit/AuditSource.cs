namespace Opbx.Domain.Audit;

/// <summary>Through what a change was made.</summary>
public enum AuditSource { Web, Api, Job, Cli, System }
