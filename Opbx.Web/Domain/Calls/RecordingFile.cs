namespace Opbx.Domain.Calls;

/// <summary>A recording on disk, found through its call record: absolute path, generated file name, size.</summary>
public sealed record RecordingFile(string Path, string Name, long Length);
