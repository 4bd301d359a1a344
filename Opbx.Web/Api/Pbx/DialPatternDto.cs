namespace Opbx.Api;

/// <summary>One dial pattern of a route, e.g. <c>_0NXXXXXXXX</c>, strip 1, prepend <c>+49</c>.</summary>
public sealed record DialPatternDto(string? Pattern, int? Strip, string? Prepend);
