using System.Net;
using System.Text.RegularExpressions;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

/// <summary>
/// The first start without a platform manager prints a setup link; with no <c>PublicBaseUrl</c> set, the link is the address
/// Opbx really listens on (here <c>ASPNETCORE_URLS</c> with a port of the test's choosing), and it opens the setup page.
/// </summary>
// In the app's collection although it does not use the app: its process would otherwise start beside the app's tests.
[Collection(AppCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class FirstRunSetupLinkTests
{
    [Fact]
    public async Task The_setup_link_uses_the_address_Opbx_listens_on()
    {
        var folder = OpbxProcess.NewFolder("setup-link");
        try
        {
            await using var opbx = await OpbxProcess.StartAsync(new Dictionary<string, string> { ["Opbx__DataDirectory"] = folder });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            Match link;
            while (!(link = SetupLink().Match(opbx.Output)).Success && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.True(link.Success, $"no setup link printed:\n{opbx.Output}");
            Assert.Equal(opbx.BaseUrl, link.Groups["base"].Value);
            using var http = new HttpClient();
            using var page = await http.GetAsync(link.Groups["url"].Value);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("platform manager", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"Opbx setup: (?<url>(?<base>https?://[^/\s]+)/setup\?token=\S+)")]
    private static partial Regex SetupLink();
}
