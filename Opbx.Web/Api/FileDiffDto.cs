namespace Opbx.Api;

/// <summary>One file a deploy changes: added, changed or deleted, with its unified diff.</summary>
public sealed record FileDiffDto(string Path, string Change, int LinesAdded, int LinesRemoved, string Unified);
