namespace Opbx.Domain.Audit;

/// <summary>A secret: the audit log records only that it changed, never its value.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
