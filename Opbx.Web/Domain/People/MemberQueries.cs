using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

public sealed record MemberListQuery(string? Search = null, MembershipStatus? Status = MembershipStatus.Active, OrgRole? Role = null,
    string Sort = "name", bool Descending = false, int Page = 1, int PageSize = 25)
{
    /// <summary>What the list can be sorted by, the default first (anything else is refused where it is asked for).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["name", "email", "role", "extension", "last_login"];

    public const string StatusRule = "Use active, inactive or all.";
    public const string RoleRule = "Use owner, pbx_admin, pbx_user or reporter.";

    /// <summary>
    /// The status and role filters as typed, for the users page and the API alike: empty means no filter (status: active),
    /// anything that is not one of the product's words is refused with the same message at the same field, never ignored.
    /// </summary>
    public static (MembershipStatus? Status, OrgRole? Role) ParseFilters(string? status, string? role, FieldErrors errors)
    {
        MembershipStatus? statusFilter = MembershipStatus.Active;
        if (status is "all") statusFilter = null;
        else if (!string.IsNullOrEmpty(status))
        {
            if (Names.TryParseMembershipStatus(status, out var s)) statusFilter = s;
            else errors.Add("status", StatusRule);
        }
        OrgRole? roleFilter = null;
        if (!string.IsNullOrEmpty(role))
        {
            if (Names.TryParseRole(role, out var r)) roleFilter = r;
            else errors.Add("role", RoleRule);
        }
        return (statusFilter, roleFilter);
    }
}

/// <summary>
/// A member as the users list shows it; <see cref="ExtensionLive"/> says whether the extension registers and rings;
/// <see cref="InvitedAt"/> is set while an invitation waits to be accepted, and <see cref="HasPassword"/> says whether
/// the person can sign in at all yet.
/// </summary>
public sealed record MemberRow(Guid Id, Guid AccountId, string Name, string Email, OrgRole Role, MembershipStatus Status, string? Extension,
    bool ExtensionLive, DateTimeOffset? LastLoginAt, DateOnly? DeleteOn, bool AccountActive = true, bool HasPassword = true, DateTimeOffset? InvitedAt = null)
{
    /// <summary>What the rules look at: a deactivated account counts as an inactive member everywhere.</summary>
    public MemberFacts Facts => new(AccountId, Role, AccountActive ? Status : MembershipStatus.Inactive);

    /// <summary>Waiting for the person to choose a password: invited (<see cref="InvitedAt"/>) or added without an invitation.</summary>
    public bool AwaitsPassword => !HasPassword;
}

/// <summary>A change to a member; null fields stay as they are. Extension "" removes the extension.</summary>
public sealed class MemberUpdate
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; }
    public string? Status { get; set; }
    public string? Extension { get; set; }
}

public sealed record BulkResult(Guid MembershipId, string Name, bool Succeeded, string Message);

public sealed record SeatUsage(int Active, int Limit);
