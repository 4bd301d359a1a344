using System.Runtime.InteropServices;

namespace Opbx;

/// <summary>
/// The data folder holds the database, the data-protection keys (which decrypt cookies, reset links and authenticator keys),
/// mail and organization files: only the account Opbx runs as may read it. The folder is created 0700, and the process
/// creates its files 0600 and folders 0700 (umask 077), SQLite's and the key ring's included.
/// </summary>
public static class DataFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Prepare(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        SetUmask(Convert.ToUInt32("077", 8));
        var folder = Directory.CreateDirectory(path, OwnerOnly);
        // A folder that already existed keeps the mode it was made with; an operator's looser mode is tightened here.
        if ((folder.UnixFileMode & ~OwnerOnly) != 0) folder.UnixFileMode = OwnerOnly;
    }

    // DllImport rather than LibraryImport: the generated marshaller would need unsafe code for this one blittable call.
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);
}
