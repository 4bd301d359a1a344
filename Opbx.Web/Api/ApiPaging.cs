using Opbx.Domain;
using Opbx.Domain.Organizations;

namespace Opbx.Api;

/// <summary>
/// The one paging, sorting and ordering contract of every API list: <c>page</c> from 1, <c>page_size</c> 1 to 200; a page past
/// the end is empty and keeps its number; an unknown <c>sort</c> or <c>order</c> is refused, never silently replaced.
/// </summary>
public static class ApiPaging
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>Adds an error per field out of range to <paramref name="errors"/> (reported with the list's other filters, at once).</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize, FieldErrors errors, int defaultPageSize = DefaultPageSize)
    {
        if (page is < 1) errors.Add("page", "Pages start at 1.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("page_size", $"Use a page size from 1 to {MaxPageSize}.");
        return (page ?? 1, pageSize ?? defaultPageSize);
    }

    /// <summary>400 with both fields named when either is out of range.</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        var checkedPage = Check(page, pageSize, errors);
        errors.ThrowIfAny();
        return checkedPage;
    }

    /// <summary><c>sort</c>: one of the list's own keys (the domain query says which), or its default when omitted.</summary>
    public static string Sort(string? sort, IReadOnlyList<string> known, FieldErrors errors)
    {
        if (sort is null) return known[0];
        if (known.Contains(sort, StringComparer.Ordinal)) return sort;
        errors.Add("sort", $"Sort by one of: {string.Join(", ", known)}.");
        return known[0];
    }

    /// <summary><c>order</c>: asc or desc; true for descending.</summary>
    public static bool Descending(string? order, bool byDefault, FieldErrors errors)
    {
        switch (order)
        {
            case null: return byDefault;
            case "asc": return false;
            case "desc": return true;
            default:
                errors.Add("order", "Use asc or desc.");
                return byDefault;
        }
    }

    /// <summary>One page read by the domain's query (counted, sorted and paged in SQL); <paramref name="read"/> gets the checked page and size.</summary>
    public static async Task<PageDto<TDto>> OfAsync<TRow, TDto>(int? page, int? pageSize, Func<int, int, Task<Paged<TRow>>> read, Func<TRow, TDto> map)
    {
        var (p, size) = Check(page, pageSize);
        var rows = await read(p, size);
        return new PageDto<TDto>(rows.Items.Select(map).ToList(), p, size, rows.Total);
    }

    /// <summary>One page of a list the organization holds whole (its PBX resources are counted in hundreds, not millions).</summary>
    public static PageDto<TDto> Of<TRow, TDto>(IReadOnlyList<TRow> rows, int? page, int? pageSize, Func<TRow, TDto> map)
    {
        var (p, size) = Check(page, pageSize);
        return new PageDto<TDto>(rows.Skip((p - 1) * size).Take(size).Select(map).ToList(), p, size, rows.Count);
    }
}
