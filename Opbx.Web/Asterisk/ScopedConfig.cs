namespace Opbx.Asterisk;

/// <summary>What one deploy writes: the rendered files and the folder they replace (an organization's "orgs/&lt;key&gt;", or null for the whole platform; see <see cref="ConfigFolder.WriteAsync"/>).</summary>
public sealed record ScopedConfig(RenderedConfig Config, string? Scope);
