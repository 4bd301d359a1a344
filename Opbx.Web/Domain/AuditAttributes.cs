namespace Opbx.Domain;

/// <summary>A secret: the audit log records only that it changed, never its value.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>Bookkeeping that is not a change a person made (last login, usage counters).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
