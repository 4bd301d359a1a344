namespace Opbx.Domain;

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => PagesFor(Total, PageSize);

    /// <summary>How many pages <paramref name="total"/> items fill (at least one, which may be empty).</summary>
    public static int PagesFor(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);
}
