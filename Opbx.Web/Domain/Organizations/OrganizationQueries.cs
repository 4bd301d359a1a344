namespace Opbx.Domain.Organizations;

public sealed record OrganizationListQuery(string? Search = null, OrganizationStatus? Status = null, string Sort = "created",
    bool Descending = true, int Page = 1, int PageSize = 25)
{
    /// <summary>What the list can be sorted by, the default first (anything else is refused where it is asked for).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["created", "name", "status", "users"];
}

public sealed record OrganizationRow(Guid Id, string Name, string Slug, Industry Industry, OrganizationStatus Status,
    DateTimeOffset CreatedAt, string? OwnerName, string? OwnerEmail, int Users, int ActiveUsers, int MaxUsers, int Extensions);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record DeletionPreview(Organization Organization, int Users, int Extensions, int Numbers, int CallRecords, int Recordings,
    int ApiKeys, int AccountsRemoved);

public sealed record CreatedOrganization(Organization Organization, Account Owner, string ApiKeyId, string ApiSecret);
