using Microsoft.Playwright;
using Opbx.Tests.Browser;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>The sessions page in a real browser: listed in the account menu, the session shown as this one, signing out everywhere.</summary>
[Collection(AppCollection.Name)]
public sealed class SessionsPageBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task ThePersonSignsOutEverywhereFromTheirAccountPage()
    {
        var org = await app.CreateOrganizationAsync();
        using var elsewhere = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync("/Identity/Account/Manage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sessions and activity" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Signed in", Exact = true }).First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "account-sessions");
        var sessions = page.GetByRole(AriaRole.List, new() { Name = "Your sessions" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(sessions).ToHaveCountAsync(2);
        await Assertions.Expect(sessions.Locator(".this-session")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await elsewhere.GetAsync($"/Org/{org.Organization.Id}")).StatusCode);
        await page.Context.CloseAsync();
    }
}
