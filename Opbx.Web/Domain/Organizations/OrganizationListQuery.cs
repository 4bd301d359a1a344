namespace Opbx.Domain.Organizations;

public sealed record OrganizationListQuery(string? Search = null, OrganizationStatus? Status = null, string Sort = "created",
    bool Descending = true, int Page = 1, int PageSize = 25)
{
    /// <summary>What the list can be sorted by, the default first (anything else is refused where it is asked for).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["created", "name", "status", "users"];
}
