namespace Opbx.Asterisk;

public sealed partial class ConfigFolder
{
    /// <summary>
    /// Puts Opbx's announcements (<see cref="AsteriskSounds"/>) into the folder's <c>sounds/</c> before the dialplan that plays
    /// them is written: missing or different files are written (temp file, then rename), equal ones left alone. They are not in
    /// the manifest: every dialplan may point at them, whatever is rendered.
    /// </summary>
    private void WriteSounds()
    {
        var folder = Path.Combine(Root, AsteriskSounds.Folder);
        CreateFolder(folder);
        foreach (var prompt in AsteriskSounds.All)
        {
            var bytes = AsteriskSounds.Read(prompt);
            var path = Path.Combine(folder, prompt + ".wav");
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                SetMode(path, _fileMode);
                continue;
            }
            var temp = path + TempSuffix;
            File.WriteAllBytes(temp, bytes);
            SetMode(temp, _fileMode);
            File.Move(temp, path, overwrite: true);
        }
    }
}
