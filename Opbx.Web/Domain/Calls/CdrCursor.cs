namespace Opbx.Domain.Calls;

/// <summary>
/// How far Opbx has read Asterisk's CDR file: the file's identity (so a rotated or replaced file is noticed) and the byte
/// offset after the last complete line read. One row per CDR file; saved in the same transaction as the records it covers, so
/// a crash re-reads at most what was not committed and the (uniqueid, sequence) upsert absorbs it.
/// </summary>
public sealed class CdrCursor
{
    /// <summary>The CDR file's path as configured.</summary>
    public string Path { get; set; } = "";
    /// <summary>Identity of the file read last (e.g. device and inode, or a hash of its first line): a different one means rotation.</summary>
    public string FileIdentity { get; set; } = "";
    public long Offset { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
