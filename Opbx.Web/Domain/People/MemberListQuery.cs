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
