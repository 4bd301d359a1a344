using Microsoft.Extensions.Options;

namespace Opbx.Domain.Organizations;

/// <summary>Where an organization's files live: recordings and voicemail under data/orgs/{slug}, generated config under data/asterisk/{slug}.</summary>
public sealed class OrganizationFiles(IOptions<OpbxOptions> options)
{
    public string Root(string slug) => options.Value.DataPath("orgs", slug);
    public string Recordings(string slug) => Path.Combine(Root(slug), "recordings");
    public string Voicemail(string slug) => Path.Combine(Root(slug), "voicemail");
    public string AsteriskConfig(string slug) => options.Value.DataPath("asterisk", slug);

    public int CountRecordings(string slug) =>
        Directory.Exists(Recordings(slug)) ? Directory.EnumerateFiles(Recordings(slug), "*", SearchOption.AllDirectories).Count() : 0;

    public void DeleteAll(string slug)
    {
        foreach (var dir in new[] { Root(slug), AsteriskConfig(slug) })
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
