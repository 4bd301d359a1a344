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
