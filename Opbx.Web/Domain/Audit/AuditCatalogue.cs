using System.Text.Json;

namespace Opbx.Domain.Audit;

/// <summary>
/// Every action the audit log can hold, in words. Entities that are audited (<see cref="IAuditNamed"/>) are found by
/// reflection and each gets created / updated / deleted; other verbs must be registered here, or
/// <see cref="Data.AuditActor.Describe"/> refuses them, so the action filter can always offer every action.
/// </summary>
public static class AuditCatalogue
{
    public const string SupportAccess = "organization.opened_by_platform_manager";
    public const string InvitationSent = "membership.invitation_sent";
    /// <summary>A bulk update removed a person's name and e-mail from call records (counts in the entry's changes).</summary>
    public const string CallRecordsAnonymized = "call_record.anonymized";
    /// <summary>Rows the database's cascades removed with an organization or an account, counted by kind.</summary>
    public const string OrganizationCascade = "organization.cascade_deleted";
    public const string AccountCascade = "account.cascade_deleted";
    /// <summary>The retention job deleted call records and recordings past the organization's retention (counts in the entry's changes).</summary>
    public const string RetentionApplied = "call_record.retention_deleted";
    /// <summary>A usage alert e-mail went to the owners; a hard limit blocked or unblocked outbound calls or recording.</summary>
    public const string UsageAlertSent = "organization.usage_alert_sent";
    public const string UsageLimitReached = "organization.usage_limit_reached";
    public const string UsageLimitCleared = "organization.usage_limit_cleared";

    /// <summary>
    /// Changes to a person's account that every organization they belong to sees in its own log (a copy of the platform's
    /// entry): their name, e-mail, status, password, two-factor sign-in and recovery codes. Sign-ins are not changes.
    /// </summary>
    public static readonly IReadOnlySet<string> AccountChanges = new HashSet<string>(StringComparer.Ordinal)
    {
        "account.updated", "account.password_changed", "account.password_reset", "account.password_set", "account.two_factor_enabled",
        "account.two_factor_disabled", "account.authenticator_reset", "account.recovery_codes_generated",
    };

    private static readonly Dictionary<string, string> TargetNames = new(StringComparer.Ordinal)
    {
        ["organization"] = "Organization",
        ["account"] = "Account",
        ["membership"] = "Member",
        ["extension"] = "Extension",
        ["api_key"] = "API key",
        ["platform_token"] = "Platform API token",
        ["call_record"] = "Call record",
        ["did"] = "Number",
        ["ring_group"] = "Ring group",
        ["outbound_route"] = "Outbound route",
        ["emergency_number"] = "Emergency number",
        ["redeploy_run"] = "Redeploy of every organization",
        ["retention_run"] = "Retention run",
    };

    private static readonly (string Action, string Label)[] Extra =
    [
        ("organization.suspended", "Organization suspended"),
        ("organization.reactivated", "Organization reactivated"),
        (SupportAccess, "Organization opened by a platform manager"),
        (InvitationSent, "Invitation sent"),
        ("account.signed_in", "Signed in"),
        ("account.signed_out", "Signed out"),
        ("account.sign_in_failed", "Sign-in failed"),
        ("account.locked_out", "Account locked out"),
        ("account.password_changed", "Password changed"),
        ("account.password_reset", "Password reset"),
        ("account.password_set", "Password set"),
        ("account.sessions_ended", "Sessions ended"),
        ("account.two_factor_enabled", "Two-factor sign-in turned on"),
        ("account.two_factor_disabled", "Two-factor sign-in turned off"),
        ("account.authenticator_reset", "Authenticator app reset"),
        ("account.recovery_codes_generated", "Recovery codes generated"),
        ("account.recovery_code_used", "Recovery code used"),
        ("platform_token.revoked", "Platform API token revoked"),
        ("extension.password_reset", "Extension SIP password replaced"),
        ("extension.credentials_viewed", "Extension SIP credentials viewed"),
        ("did.assigned", "Number assigned"),
        ("did.moved", "Number moved to another organization"),
        ("did.released", "Number released"),
        (CallRecordsAnonymized, "Call records anonymized"),
        ("call_record.recording_deleted", "Call recording deleted"),
        (OrganizationCascade, "Data deleted with the organization"),
        (AccountCascade, "Data deleted with the account"),
        (RetentionApplied, "Call records and recordings deleted by retention"),
        (UsageAlertSent, "Usage alert sent"),
        (UsageLimitReached, "Hard usage limit reached"),
        (UsageLimitCleared, "Hard usage limit cleared"),
        ("deploy.redeploy_all", "Redeploy of every organization started"),
        (Calls.RetentionSweeps.RunNowAction, "Retention run started by hand"),
    ];

    /// <summary>The audit log's name for an entity type: its class name in snake_case ("ApiKey" → "api_key").</summary>
    public static string TargetTypeOf(Type type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name);

    /// <summary>A target type in words: "Member", "API key"; an unknown one from its name ("ring_group" → "Ring group").</summary>
    public static string TargetLabel(string targetType) => TargetNames.TryGetValue(targetType, out var label) ? label : Words(targetType);

    public static IReadOnlyList<string> TargetTypes { get; } = typeof(IAuditNamed).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAuditNamed).IsAssignableFrom(t))
        .Select(TargetTypeOf).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<AuditAction> Actions { get; } = TargetTypes
        .SelectMany(t => new[]
        {
            new AuditAction($"{t}.created", t, $"{TargetLabel(t)} created"),
            new AuditAction($"{t}.updated", t, $"{TargetLabel(t)} updated"),
            new AuditAction($"{t}.deleted", t, $"{TargetLabel(t)} deleted"),
        })
        .Concat(Extra.Select(e => new AuditAction(e.Action, e.Action[..e.Action.IndexOf('.')], e.Label)))
        .ToList();

    private static readonly Dictionary<string, AuditAction> ByName = Actions.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public static bool Contains(string action) => ByName.ContainsKey(action);

    /// <summary>An action in words; one the catalogue does not know (older entries) from its own name.</summary>
    public static string Label(string action) =>
        ByName.TryGetValue(action, out var known) ? known.Label : Words(action.Replace('.', ' '));

    private static string Words(string name)
    {
        var text = name.Replace('_', ' ');
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
