namespace Opbx.Data;

/// <summary>
/// Checked once at start, before anything else touches the data folder: it must exist (or be creatable) and be writable, and
/// so must the databases in it. Otherwise Opbx stops with one line that names the path and the reason, instead of a stack
/// trace from whichever component happened to write first.
/// </summary>
public static class DataFolderCheck
{
    /// <summary>Why Opbx cannot use <paramref name="folder"/>; null when it can.</summary>
    public static string? Problem(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Opbx cannot start: the data folder {folder} does not exist and cannot be created ({Reason(e)}). " +
                   "Create it, or set Opbx__DataDirectory to a folder the Opbx user can write.";
        }
        var probe = Path.Combine(folder, $".opbx-write-test-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Opbx cannot start: the data folder {folder} is not writable ({Reason(e)}). Give the Opbx user ({Environment.UserName}) write access to it.";
        }
        foreach (var file in new[] { "opbx.db", "opbx.db-wal", "jobs.db" }.Select(f => Path.Combine(folder, f)).Where(File.Exists))
        {
            try
            {
                using var _ = File.Open(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"Opbx cannot start: the database {file} is not writable ({Reason(e)}). Give the Opbx user ({Environment.UserName}) write access to it.";
            }
        }
        return null;
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => e.Message.TrimEnd('.'),
    };
}
