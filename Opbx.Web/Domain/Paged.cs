namespace Opbx.Domain;

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    /// <summary>More than <see cref="Total"/> items match and were not counted (a broad search); <see cref="HasNext"/> says whether a next page follows.</summary>
    public bool Uncounted { get; init; }

    /// <summary>For an uncounted list: a next page follows this one.</summary>
    public bool HasNext { get; init; }

    /// <summary>How many pages the items fill; for an uncounted list, this one and the next if it follows.</summary>
    public int Pages => Uncounted ? Page + (HasNext ? 1 : 0) : PagesFor(Total, PageSize);

    /// <summary>
    /// The page to read: at least the first, and no further than a page whose rows (and one more) can be counted in an int,
    /// so a page far past the end reads as empty instead of wrapping round to a negative offset (which SQLite reads as 0).
    /// </summary>
    public static int PageWithin(int page, int pageSize) => Math.Clamp(page, 1, int.MaxValue / pageSize - 1);

    /// <summary>How many pages <paramref name="total"/> items fill (at least one, which may be empty).</summary>
    public static int PagesFor(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);
}
