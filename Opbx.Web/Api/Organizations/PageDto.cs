namespace Opbx.Api;

public sealed record PageDto<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
