using System.Reflection;

namespace Opbx.Asterisk;

/// <summary>
/// The announcements Opbx ships for its dialplan (Asterisk/Sounds/*.wav, embedded; made by scripts/make-prompts.sh): the
/// Asterisk Opbx runs beside may have no sound prompts at all. Written into <see cref="Folder"/> of the config directory
/// before every deploy (only when missing or different), and played by absolute path without extension, as Asterisk wants.
/// Fixed wording, no organization's text in them.
/// </summary>
public static class AsteriskSounds
{
    public const string Folder = "sounds";

    public const string RecordingNotice = "opbx-recording-notice";
    public const string RecordingOptIn = "opbx-recording-opt-in";
    public const string RecordingOptOut = "opbx-recording-opt-out";
    public const string LimitReached = "opbx-limit-reached";

    public static IReadOnlyList<string> All { get; } = [RecordingNotice, RecordingOptIn, RecordingOptOut, LimitReached];

    /// <summary>How the dialplan names a prompt: absolute, no extension (Asterisk picks the format it can read).</summary>
    public static string PathOf(string configDirectory, string prompt) => $"{configDirectory.TrimEnd('/')}/{Folder}/{prompt}";

    /// <summary>The prompt's WAV bytes (8 kHz, 16-bit, mono).</summary>
    public static byte[] Read(string prompt)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Opbx.Asterisk.Sounds.{prompt}.wav")
                           ?? throw new InvalidOperationException($"No sound {prompt}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
