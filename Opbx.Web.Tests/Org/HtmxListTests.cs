using System.Net;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Org;

/// <summary>
/// A list's search box, filters and pager ask with htmx for the list again: the answer is the page's own content without
/// the layout (no document, top bar or menu to throw away on every keystroke), still with the matching rows, and it says
/// that it varies by HX-Request.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HtmxListTests(OpbxApp app)
{
    private static async Task<string> BareAsync(WebSession session, string path)
    {
        var response = await session.GetAsync(path, htmx: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", string.Join(",", response.Headers.Vary));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("app-bar", html);
        Assert.DoesNotContain("<script", html);
        return html;
    }

    [Fact]
    public async Task EveryOrganizationListAnswersHtmxWithItsRowsOnly()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Htmx Findable Person", extension: "451");
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var root = $"/Org/{org.Organization.Id}";

        var users = await BareAsync(owner, $"{root}/Users?q=Findable&status=all");
        Assert.Contains("Htmx Findable Person", users);
        Assert.Contains($"member-{member.Id}", users);
        Assert.DoesNotContain("Olive Owner", users); // the search still filters
        Assert.Contains("451", await BareAsync(owner, $"{root}/Extensions?q=451"));
        Assert.Contains(member.Account!.Email!, await BareAsync(owner, $"{root}/Settings/Audit?target={Uri.EscapeDataString(member.Account.Email!)}"));
        foreach (var list in new[] { "RingGroups", "Queues", "Trunks", "Numbers", "Routes", "Deploys" })
            await BareAsync(owner, $"{root}/{list}");

        // Without htmx, the same address is the whole page.
        var full = await (await owner.GetAsync($"{root}/Users?q=Findable")).Content.ReadAsStringAsync();
        Assert.Contains("<html", full);
        Assert.Contains("app-bar", full);
    }

    [Fact]
    public async Task EveryPlatformListAnswersHtmxWithItsRowsOnly()
    {
        var org = await app.CreateOrganizationAsync(name: "Htmx Harbour " + Guid.NewGuid().ToString("N")[..6]);
        using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        Assert.Contains(org.Organization.Name, await BareAsync(manager, $"/Platform/Organizations?q={Uri.EscapeDataString(org.Organization.Name)}"));
        Assert.Contains(org.Owner.Email!, await BareAsync(manager, $"/Platform/Users?q={Uri.EscapeDataString(org.Owner.Email!)}"));
        Assert.Contains(org.Organization.Name, await BareAsync(manager, $"/Platform/Audit?org={org.Organization.Id}"));
        await BareAsync(manager, "/Platform/Numbers");
    }
}
