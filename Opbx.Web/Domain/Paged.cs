namespace Opbx.Domain;

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    /// <summary>More than <see cref="Total"/> items match and were not counted (a broad search); <see cref="HasNext"/> says whether a next page follows.</summary>
    public bool Uncounted { get; init; }

    /// <summary>For an uncounted list: a next page follows this one.</summary>
    public bool HasNext { get; init; }

    /// <summary>How many pages the items fill; for an uncounted list, this one and the next if it follows.</summary>
    public int Pages => Uncounted ? Page + (HasNext ? 1 : 0) : PagesFor(Total, PageSize);

    /// <summary>How many pages <paramref name="total"/> items fill (at least one, which may be empty).</summary>
    public static int PagesFor(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);
}
