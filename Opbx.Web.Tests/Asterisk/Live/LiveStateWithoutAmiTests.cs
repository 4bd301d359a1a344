using System.Net;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Asterisk.Live;

/// <summary>Without an AMI host every live figure says "Asterisk not connected" instead of a number, and no page or poll fails.</summary>
[Collection(AppCollection.Name)]
public sealed class LiveStateWithoutAmiTests(OpbxApp app)
{
    [Fact]
    public async Task Dashboards_extensions_and_the_Asterisk_page_say_Asterisk_not_connected()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await kit.ExtensionAsync("100");
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var org = $"/Org/{kit.OrganizationId}";

        foreach (var path in new[] { org, org + "?handler=Live", org + "/Extensions", "/Platform", "/Platform?handler=Live", "/Platform/Asterisk", "/Platform/Asterisk?handler=Live" })
        {
            var response = await admin.GetAsync(path, htmx: path.Contains("handler", StringComparison.Ordinal));
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("Asterisk not connected", html);
            Assert.DoesNotContain("live-calls-table", html);
        }
        var extensions = await admin.GetHtmlAsync(org + "/Extensions");
        Assert.Contains("whether phones are registered is not known", extensions);
        Assert.DoesNotContain("Online", extensions);
    }

    [Fact]
    public async Task The_polled_panels_are_for_administrators_and_platform_managers_only()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var member = await app.AddMemberAsync(kit.OrganizationId, "pbx_user");
        using var session = await WebSession.SignInAsync(app, member.Account!.Email!, "Member-password-1");

        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/Org/{kit.OrganizationId}?handler=Live", htmx: true)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await session.GetAsync("/Platform?handler=Live", htmx: true)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await session.GetAsync("/Platform/Asterisk", htmx: false)).StatusCode);
    }
}
