namespace Opbx.Domain.Pbx;

/// <summary>One dial pattern of a route: e.g. <c>_0NXXXXXXXX</c>, strip 1, prepend <c>+49</c>.</summary>
public sealed record DialPatternInput(string? Pattern, int Strip = 0, string? Prepend = null);
