using Microsoft.Extensions.Options;

namespace Opbx.Asterisk;

/// <summary>
/// Asterisk's log file, read (never written) for what Asterisk said while a deploy reloaded: a reload answers Success
/// even when Asterisk refused an object, and only its log says why. Off unless <see cref="AsteriskOptions.LogFile"/> is set.
/// </summary>
public sealed class AsteriskLog(IOptions<OpbxOptions> options)
{
    private const int MaxLines = 20;
    private string? Path => options.Value.Asterisk.LogFile is { Length: > 0 } path ? path : null;

    /// <summary>Where the log ends now (0 when it is not read or not there).</summary>
    public long Position()
    {
        try
        {
            return Path is { } path && File.Exists(path) ? new FileInfo(path).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>ERROR and WARNING lines logged after <paramref name="position"/>, at most 20; null when the log is not read.</summary>
    public async Task<string?> ProblemsSinceAsync(long position, CancellationToken ct = default)
    {
        if (Path is not { } path || !File.Exists(path)) return null;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // A rotated (shorter) log starts again from its beginning.
            stream.Seek(position <= stream.Length ? position : 0, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = (await reader.ReadToEndAsync(ct)).Split('\n')
                .Where(l => l.Contains(" ERROR[", StringComparison.Ordinal) || l.Contains(" WARNING[", StringComparison.Ordinal))
                .Take(MaxLines).ToList();
            return lines.Count == 0 ? null : string.Join('\n', lines);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
