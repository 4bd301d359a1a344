using Microsoft.Extensions.Options;

namespace Opbx.Domain.Organizations;

/// <summary>
/// Where an organization's files live: recordings and voicemail under data/orgs/{slug}, and its generated Asterisk
/// configuration under the config folder's orgs/{slug} (ConfigFolder's layout, written and removed only by deploys).
/// </summary>
public sealed class OrganizationFiles(IOptions<OpbxOptions> options)
{
    public string Root(string slug) => options.Value.DataPath("orgs", slug);
    public string Recordings(string slug) => Path.Combine(Root(slug), "recordings");
    public string Voicemail(string slug) => Path.Combine(Root(slug), "voicemail");
    public string AsteriskConfig(string slug) => Path.Combine(options.Value.AsteriskConfigPath(), "orgs", slug);

    /// <summary>
    /// Creates the recordings folder (and data/orgs/{slug}) for Asterisk's MixMonitor to write into and Opbx to read from:
    /// owner-only when Asterisk runs as Opbx's user; with <see cref="AsteriskOptions.GroupReadable"/> the group (Asterisk's)
    /// may enter data/orgs/{slug} and write the recordings folder, whose setgid bit gives each file that group.
    /// </summary>
    public string PrepareRecordings(string slug)
    {
        var folder = Recordings(slug);
        var group = options.Value.Asterisk.GroupReadable;
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Create(Root(slug), owner | (group ? UnixFileMode.GroupExecute : UnixFileMode.None));
        Create(folder, owner | (group ? UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.SetGroup : UnixFileMode.None));
        return folder;
    }

    private static void Create(string folder, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder)) Directory.CreateDirectory(folder, mode);
        if (File.GetUnixFileMode(folder) != mode) File.SetUnixFileMode(folder, mode);
    }

    public int CountRecordings(string slug) =>
        Directory.Exists(Recordings(slug)) ? Directory.EnumerateFiles(Recordings(slug), "*", SearchOption.AllDirectories).Count() : 0;

    /// <summary>
    /// Recordings and voicemail. Not the Asterisk configuration: the deploy that the deletion queues removes it once the
    /// top-level files no longer include it (deleting it first would leave Asterisk an #include of a missing file, which
    /// makes it reject the whole including file).
    /// </summary>
    public void DeleteAll(string slug)
    {
        if (Directory.Exists(Root(slug))) Directory.Delete(Root(slug), recursive: true);
    }
}
