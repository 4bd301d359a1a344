namespace Opbx.Asterisk.Deploys;

/// <summary>One file that differs between two file sets: "added", "changed" or "deleted", with its unified diff.</summary>
public sealed record FileDiff(string Path, string Change, string Unified, int LinesAdded, int LinesRemoved);
