namespace Opbx.Data;

/// <summary>
/// The disk the data folder lives on, as far as /healthz asks it: how much space is left. A class of its own so the fault
/// tests can fill the disk (see the tests' SimulatedFullDisk) without filling the machine's.
/// </summary>
public class DataDisk
{
    /// <summary>Bytes free for Opbx's user on the disk holding <paramref name="folder"/>; unbounded when the system cannot say.</summary>
    public virtual long FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue;
        }
    }
}
