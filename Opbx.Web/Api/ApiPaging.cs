using Opbx.Domain;

namespace Opbx.Api;

/// <summary>Lists answer one page (<c>page</c> from 1, <c>page_size</c> 1 to 200, 25 by default), like the users list.</summary>
public static class ApiPaging
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>400 with both fields named when either is out of range.</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (page is < 1) errors.Add("page", "Pages start at 1.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("page_size", $"Use a page size from 1 to {MaxPageSize}.");
        errors.ThrowIfAny();
        return (page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>One page of a list the organization holds whole (its PBX resources are counted in hundreds, not millions).</summary>
    public static PageDto<TDto> Of<TRow, TDto>(IReadOnlyList<TRow> rows, int? page, int? pageSize, Func<TRow, TDto> map)
    {
        var (p, size) = Check(page, pageSize);
        return new PageDto<TDto>(rows.Skip((p - 1) * size).Take(size).Select(map).ToList(), p, size, rows.Count);
    }
}
