namespace Opbx.Asterisk.Live;

/// <summary>A deploy that reloaded modules in Asterisk: when, for whom (null: the platform), which modules.</summary>
public sealed record RecentReload(DateTimeOffset At, Guid? OrganizationId, string? OrganizationName, string Modules);
