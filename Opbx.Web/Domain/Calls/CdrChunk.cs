namespace Opbx.Domain.Calls;

/// <summary>
/// Complete lines read from a CDR file, and where the cursor stands after them. <see cref="Path"/> is the file they came
/// from: the configured file, or its rotated copy (e.g. "opbx-cdr.csv.1") when the old file is finished after a rotation.
/// Saving <see cref="Identity"/>/<see cref="Offset"/> with the records makes the read count; a crash before that reads the
/// same lines again.
/// </summary>
public sealed record CdrChunk(string Path, IReadOnlyList<string> Lines, string Identity, long Offset, bool Rotated);
