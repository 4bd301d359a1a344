using System.Text;

namespace Opbx.Asterisk.Ami;

/// <summary>
/// Reads AMI packets off the stream. TCP delivers them in arbitrary pieces (several packets in one read, one packet over
/// many), so lines are assembled in the reader's buffer; a packet ends at a blank line.
/// </summary>
internal sealed class AmiReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);

    /// <summary>The greeting line Asterisk sends first ("Asterisk Call Manager/11.0.0"); it is not a packet.</summary>
    public async Task<string> ReadBannerAsync(CancellationToken ct)
    {
        var line = await _reader.ReadLineAsync(ct) ?? throw new AmiException("Asterisk closed the connection before greeting.");
        if (!line.StartsWith("Asterisk Call Manager/", StringComparison.Ordinal)) throw new AmiException($"Not an Asterisk manager interface (greeting \"{line}\").");
        return line;
    }

    /// <summary>The next packet, or null when the connection has ended.</summary>
    public async Task<AmiMessage?> ReadMessageAsync(CancellationToken ct)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(ct);
            if (line is null) return null;
            if (line.Length == 0)
            {
                // Some Asterisk messages end in "\n\r\n" ("No endpoints found\n"), which reads as an extra blank line.
                if (fields.Count > 0) return new AmiMessage(fields);
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                fields.Add(KeyValuePair.Create("", line));
                continue;
            }
            // Exactly one space follows the colon; more belong to the value (a CLI command's indented output).
            var value = colon + 1 < line.Length && line[colon + 1] == ' ' ? line[(colon + 2)..] : line[(colon + 1)..];
            fields.Add(KeyValuePair.Create(line[..colon], value));
        }
    }
}
