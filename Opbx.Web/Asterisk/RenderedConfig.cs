namespace Opbx.Asterisk;

/// <summary>The files a render produced; files no longer rendered are orphans the config folder deletes.</summary>
public sealed record RenderedConfig(IReadOnlyList<ConfigFile> Files);
