namespace Opbx.Domain.Audit;

/// <summary>Bookkeeping that is not a change a person made (last login, usage counters).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
