namespace Opbx.Pages.Org.Routes;

/// <summary>One dial pattern line of the route form; a line left empty is not a pattern.</summary>
public sealed class PatternRow
{
    public string? Pattern { get; set; }
    public int? Strip { get; set; }
    public string? Prepend { get; set; }
}
