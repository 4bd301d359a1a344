using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Getting around on a phone and a desktop: a menu below the md breakpoint, a switcher dropdown, Sign out in reach (item 5).</summary>
[Collection(AppCollection.Name)]
public sealed class NavigationBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task OnAPhoneTheMenuHoldsTheSwitcherAndSignOutAndTheContentStartsAtTheTop()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var first = await app.CreateOrganizationAsync($"Northwind Veterinary Hospital and Emergency Clinic {stamp}");
        var second = await app.CreateOrganizationAsync($"Seaview Grand Hotel & Conference Centre {stamp}");
        var third = await app.CreateOrganizationAsync($"Whitfield & Moreno LLP {stamp}");
        foreach (var other in new[] { second, third }) await app.AddMemberAsync(other.Organization.Id, "pbx_admin", email: first.Owner.Email);

        var checks = await PageChecks.OpenAsync(app, PageChecks.Phone);
        var page = checks.Page;
        await Chromium.SignInAsync(page, first.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{first.Organization.Id}/Users");

        // The sidebar is tucked away: the page's heading is right below the top bar, not 400 px down.
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 });
        Assert.True((await heading.BoundingBoxAsync())!.Y < 120, "the heading should start right below the top bar");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Organization" })).Not.ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        var menu = page.Locator("#app-nav");
        await Assertions.Expect(menu.GetByRole(AriaRole.Navigation, new() { Name = "Organization" })).ToBeVisibleAsync();
        var signOut = menu.GetByRole(AriaRole.Button, new() { Name = "Sign out" });
        await Assertions.Expect(signOut).ToBeInViewportAsync();
        await checks.AssertHoldsAsync("menu open @390");
        await Chromium.ScreenshotAsync(page, "menu-phone");

        // The switcher is a dropdown of the three organizations; choosing one goes there.
        await menu.GetByRole(AriaRole.Button, new() { Name = first.Organization.Name }).ClickAsync();
        var choices = menu.Locator(".dropdown-menu").GetByRole(AriaRole.Link);
        await Assertions.Expect(choices).ToHaveCountAsync(3);
        await Chromium.ScreenshotAsync(page, "menu-phone-switcher");
        await choices.Filter(new() { HasText = third.Organization.Name }).ClickAsync();
        await page.WaitForURLAsync($"**/Org/{third.Organization.Id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = third.Organization.Name, Level = 1 })).ToBeVisibleAsync();
        await checks.AssertHoldsAsync("switched @390");

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await page.Locator("#app-nav").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/Identity/Account/Login**");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnADesktopTheSwitcherIsADropdownInTheTopBarBesideSignOut()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var first = await app.CreateOrganizationAsync($"Harbour Dental {stamp}");
        var second = await app.CreateOrganizationAsync($"Harbour Physio {stamp}");
        await app.AddMemberAsync(second.Organization.Id, "reporter", email: first.Owner.Email);

        var checks = await PageChecks.OpenAsync(app, PageChecks.Desktop);
        var page = checks.Page;
        await Chromium.SignInAsync(page, first.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{first.Organization.Id}");
        var bar = page.Locator("header");
        await Assertions.Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Menu" })).Not.ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Organization" })).ToBeVisibleAsync();

        await bar.GetByRole(AriaRole.Button, new() { Name = first.Organization.Name }).ClickAsync();
        await Assertions.Expect(bar.Locator(".dropdown-menu a[aria-current=page]")).ToHaveTextAsync(first.Organization.Name);
        await bar.GetByRole(AriaRole.Link, new() { Name = second.Organization.Name }).ClickAsync();
        // In the second organization the same person is a reporter: their home is the call records.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Call records", Level = 1 })).ToBeVisibleAsync();
        await checks.AssertHoldsAsync("desktop");

        // A platform manager's switcher leads to the platform too.
        var manager = await PageChecks.OpenAsync(app, PageChecks.Desktop);
        await Chromium.SignInAsync(manager.Page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await Assertions.Expect(manager.Page.Locator("header")).ToContainTextAsync("Platform");
        await page.Context.CloseAsync();
        await manager.Page.Context.CloseAsync();
    }
}
