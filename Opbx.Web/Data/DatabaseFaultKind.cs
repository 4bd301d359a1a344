namespace Opbx.Data;

public enum DatabaseFaultKind
{
    /// <summary>Another connection or process held the write lock longer than the busy timeout.</summary>
    Busy,
    /// <summary>The disk (or the database's size limit) has no room for the change.</summary>
    Full,
    /// <summary>The database file or its folder cannot be written (permissions, read-only mount, I/O error).</summary>
    NotWritable,
}
