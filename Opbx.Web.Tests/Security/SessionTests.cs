using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Audit;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>Browser sessions are recorded on the server: signing out ends them for good, and the person sees and ends them.</summary>
[Collection(AppCollection.Name)]
public sealed partial class SessionTests(OpbxApp app)
{
    private const string SessionsPage = "/Identity/Account/Manage/Sessions";

    private static async Task AssertSignedOutAsync(WebSession session, string path)
    {
        var response = await session.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ACopyOfTheCookieTakenBeforeSignOutIsRefusedAfterwards()
    {
        var created = await app.CreateOrganizationAsync();
        var home = $"/Org/{created.Organization.Id}";
        using var browser = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        using var stolen = browser.CopyCookies();
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync(home)).StatusCode);

        var signOut = await browser.PostFormAsync("/Identity/Account/Logout", [], pagePath: home);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await AssertSignedOutAsync(stolen, home);
    }

    [Fact]
    public async Task ThePersonSeesTheirSessionsAndSignsOutOneOrAll()
    {
        var created = await app.CreateOrganizationAsync();
        var home = $"/Org/{created.Organization.Id}";
        using var laptop = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        using var phone = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        using var tablet = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");

        var page = await laptop.GetHtmlAsync(SessionsPage);
        var ids = SessionId().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Contains("this session", page);
        Assert.Contains("127.0.0.1", page);

        // The phone's session is the newest other one; which row is which is told by trying: end one that is not ours.
        var thisOne = ThisSessionId().Match(page).Groups[1].Value;
        var other = ids.First(id => id != thisOne);
        var end = await laptop.PostFormAsync($"{SessionsPage}?handler=End", new() { ["id"] = other }, pagePath: SessionsPage);
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);
        var stillIn = new List<WebSession>();
        foreach (var device in new[] { phone, tablet })
        {
            if ((await device.GetAsync(home)).StatusCode == HttpStatusCode.OK) stillIn.Add(device);
        }
        Assert.Single(stillIn);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync(home)).StatusCode);

        var everywhere = await laptop.PostFormAsync($"{SessionsPage}?handler=EndAll", [], pagePath: SessionsPage);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        await AssertSignedOutAsync(laptop, home);
        await AssertSignedOutAsync(stillIn[0], home);

        var actions = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var id = created.Owner.Id.ToString();
            return await db.AuditEntries.Where(a => a.TargetId == id).Select(a => a.Action).ToListAsync();
        });
        Assert.Equal(3, actions.Count(a => a == SecurityLog.SignedIn));
        Assert.Equal(2, actions.Count(a => a == SecurityLog.SessionsEnded));
    }

    [GeneratedRegex("name=\"id\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SessionId();

    [GeneratedRegex("this-session\">this session</span>.*?name=\"id\" value=\"([0-9a-f-]{36})\"", RegexOptions.Singleline)]
    private static partial Regex ThisSessionId();
}
