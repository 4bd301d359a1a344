using System.Security.Cryptography;
using System.Text;

namespace Opbx.Domain.Calls;

/// <summary>
/// Reads Asterisk's CDR file incrementally from a cursor (file identity + byte offset), only complete lines: a line
/// Asterisk is still writing (no line end yet) waits for the next read. The file's identity is the hash of its first
/// line (a CDR with its own uniqueid, so two files never share it): a file replaced or truncated by rotation has another
/// one, and reading starts again at 0 on it. Before that, the rest of the old file is read when it is still beside the
/// new one under a rotated name (logrotate's "opbx-cdr.csv.1", "opbx-cdr.csv-20261130", …), so rotation loses nothing
/// that was written before it.
/// </summary>
public static class CdrFile
{
    /// <summary>At most this many bytes per read, so one transaction stays small while a backlog is caught up.</summary>
    public const int DefaultChunkBytes = 1 << 20;

    private const int MaxFirstLine = 64 * 1024;

    /// <summary>
    /// The next lines after the cursor (<paramref name="identity"/>, <paramref name="offset"/>); none when nothing new is
    /// complete. Empty identity: nothing read yet.
    /// </summary>
    public static CdrChunk Read(string path, string identity, long offset, int maxBytes = DefaultChunkBytes)
    {
        var current = Identity(path);
        if (current is null) return new CdrChunk(path, [], identity, offset, false); // no file (yet), or no complete first line
        if (identity.Length > 0 && current != identity)
        {
            // Rotated: finish the old file where it still is, then start the new one from its beginning.
            if (Rotated(path, identity) is { } old)
            {
                var rest = ReadLines(old, offset, maxBytes);
                if (rest.Lines.Count > 0) return new CdrChunk(old, rest.Lines, identity, rest.Offset, false);
            }
            var first = ReadLines(path, 0, maxBytes);
            return new CdrChunk(path, first.Lines, current, first.Offset, true);
        }
        // Same first line but shorter than what was read: truncated and rewritten; read it from the start.
        var length = new FileInfo(path).Length;
        if (length < offset)
        {
            var again = ReadLines(path, 0, maxBytes);
            return new CdrChunk(path, again.Lines, current, again.Offset, true);
        }
        var next = ReadLines(path, offset, maxBytes);
        return new CdrChunk(path, next.Lines, current, next.Offset, false);
    }

    /// <summary>SHA-256 of the file's first line, hex; null while the file is missing or its first line is not complete.</summary>
    public static string? Identity(string path)
    {
        try
        {
            using var stream = Open(path);
            var buffer = new byte[MaxFirstLine];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var end = Array.IndexOf(buffer, (byte)'\n', 0, read);
            if (end < 0) return read == buffer.Length ? Convert.ToHexStringLower(SHA256.HashData(buffer)) : null;
            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, end)));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The rotated copy of the file with that identity, next to it ("opbx-cdr.csv*"), if any.</summary>
    private static string? Rotated(string path, string identity)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var name = Path.GetFileName(path);
        if (!Directory.Exists(folder)) return null;
        return Directory.EnumerateFiles(folder, name + "*")
            .Where(f => !string.Equals(Path.GetFileName(f), name, StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal))
            .FirstOrDefault(f => Identity(f) == identity);
    }

    private static (List<string> Lines, long Offset) ReadLines(string path, long offset, int maxBytes)
    {
        var lines = new List<string>();
        try
        {
            using var stream = Open(path);
            if (offset > stream.Length) return (lines, offset);
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[(int)Math.Min(maxBytes, Math.Max(0, stream.Length - offset))];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var start = 0;
            while (start < read)
            {
                var end = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                if (end < 0) break;
                var length = end - start;
                if (length > 0 && buffer[end - 1] == '\r') length--;
                lines.Add(Encoding.UTF8.GetString(buffer, start, length));
                start = end + 1;
            }
            if (start == 0 && read == maxBytes && lines.Count == 0)
            {
                // One "line" longer than a whole chunk is no CDR: step over it (the caller logs it as unreadable).
                lines.Add(Encoding.UTF8.GetString(buffer, 0, Math.Min(read, 200)));
                return (lines, offset + read);
            }
            return (lines, offset + start);
        }
        catch (FileNotFoundException)
        {
            return (lines, offset);
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
}
