namespace Opbx.Api;

/// <summary>A page of calls; pass <see cref="Older"/> as <c>before</c> for the next (older) page, null on the last one.</summary>
public sealed record CallPageDto(IReadOnlyList<CallDto> Items, int PageSize, string? Older, bool Masked);
