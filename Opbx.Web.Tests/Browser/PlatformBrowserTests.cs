using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class PlatformBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task TheCreateWizardRunsEndToEnd()
    {
        // Every step holds on a phone and a desktop (no sideways scrolling, console errors or serious axe findings).
        var checks = await PageChecks.OpenAsync(app);
        var page = checks.Page;
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await Chromium.ScreenshotAsync(page, "platform-dashboard");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Platform" }).GetByRole(AriaRole.Link, new() { Name = "Organizations" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New organization" }).First.ClickAsync();
        var name = "Seaside Hotel " + Guid.NewGuid().ToString("N")[..6];

        // Step 1: a mistake is shown next to its field.
        await page.GetByLabel("Organization name").FillAsync(name);
        await page.GetByLabel("Industry").SelectOptionAsync("Hotel");
        await page.GetByLabel("Owner's name").FillAsync("Sandy Shore");
        await page.GetByLabel("Owner's email").FillAsync("not an email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: limits and features" }).ClickAsync();
        await Assertions.Expect(page.Locator("#OwnerEmail-error")).ToContainTextAsync("owner's email address");
        await Assertions.Expect(page.GetByLabel("Owner's email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Chromium.ScreenshotAsync(page, "wizard-step1-error");
        await checks.AssertHoldsAtBothWidthsAsync("wizard step 1 with an error");
        await page.GetByLabel("Owner's email").FillAsync($"sandy-{Guid.NewGuid():N}@seaside.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: limits and features" }).ClickAsync();

        // Step 2: prefilled from the hotel preset, editable.
        await Assertions.Expect(page.GetByLabel("Users (seats)")).ToHaveValueAsync("50");
        await page.GetByLabel("Users (seats)").FillAsync("35");
        await Assertions.Expect(page.GetByLabel("Voicemail")).ToBeCheckedAsync();
        await page.GetByLabel("Webhooks").CheckAsync();
        await page.GetByLabel("Conference").UncheckAsync();
        await Chromium.ScreenshotAsync(page, "wizard-step2");
        await checks.AssertHoldsAtBothWidthsAsync("wizard step 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: review" }).ClickAsync();

        // Step 3: review, then create.
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Sandy Shore");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("35");
        await Chromium.ScreenshotAsync(page, "wizard-step3-review");
        await checks.AssertHoldsAtBothWidthsAsync("wizard step 3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await Assertions.Expect(page.Locator("#api-secret")).ToBeVisibleAsync();
        Assert.StartsWith("ok_", await page.Locator("#api-key").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "wizard-created");
        await checks.AssertHoldsAtBothWidthsAsync("wizard result");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open " + name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Users (seats)")).ToHaveValueAsync("35");
        // Switches carried through the steps: the preset's voicemail, webhooks turned on, conference turned off.
        await Assertions.Expect(page.GetByLabel("Voicemail")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Webhooks")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Conference")).Not.ToBeCheckedAsync();
        await Chromium.ScreenshotAsync(page, "organization-details");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SuspendReactivateAndSearchTheList()
    {
        var created = await app.CreateOrganizationAsync("Suspendable " + Guid.NewGuid().ToString("N")[..6]);
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);

        await page.GotoAsync("/Platform/Organizations");
        await page.GetByLabel("Search").FillAsync(created.Organization.Name);
        await Assertions.Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "organizations-list");
        await page.GetByRole(AriaRole.Link, new() { Name = created.Organization.Name }).ClickAsync();

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("is suspended");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Suspended");
        await Chromium.ScreenshotAsync(page, "organization-suspended");

        await page.GotoAsync("/Platform/Organizations?status=suspended&q=" + Uri.EscapeDataString(created.Organization.Name));
        await Assertions.Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = created.Organization.Name }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("active again");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DeleteAsksForTheNameAndShowsWhatGoes()
    {
        var created = await app.CreateOrganizationAsync("Doomed " + Guid.NewGuid().ToString("N")[..6]);
        await app.AddMemberAsync(created.Organization.Id, "pbx_user", extension: "101");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync($"/Platform/Organizations/{created.Organization.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        await Assertions.Expect(page.Locator("#deletion-counts")).ToContainTextAsync("2 users");
        await Assertions.Expect(page.Locator("#deletion-counts")).ToContainTextAsync("1 extension");

        await page.GetByLabel("Type").FillAsync("wrong name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently" }).ClickAsync();
        await Assertions.Expect(page.Locator("#ConfirmName-error")).ToContainTextAsync("exactly");
        await Chromium.ScreenshotAsync(page, "organization-delete");

        await page.GetByLabel("Type").FillAsync(created.Organization.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently" }).ClickAsync();
        await page.WaitForURLAsync("**/Platform/Organizations");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("were deleted");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ARevokedManagerIsOutOnTheirNextClick()
    {
        var manager = await app.CreatePlatformManagerAsync();
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, manager.Email!, "Manager-password-1");
        await page.GotoAsync("/Platform/Organizations");

        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, manager.Id, false));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Platform" }).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.WaitForURLAsync("**/Identity/Account/Login**");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your session has ended");
        await Chromium.ScreenshotAsync(page, "session-ended");

        // htmx requests are sent to the sign-in page too, not swapped into the page.
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, manager.Id, true));
        await Chromium.SignInAsync(page, manager.Email!, "Manager-password-1");
        await page.GotoAsync("/Platform/Organizations");
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetPlatformManagerAsync(admin, manager.Id, false));
        // The refused htmx request is logged by the browser before htmx follows HX-Redirect.
        Chromium.ExpectConsoleError(page, "status of 401");
        await page.GetByLabel("Search").FillAsync("anything");
        await page.WaitForURLAsync(url => !url.Contains("/Platform/Organizations"));
        Assert.DoesNotContain("/Platform", new Uri(page.Url).AbsolutePath);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PlatformPagesRender()
    {
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        foreach (var (path, name, heading) in new[]
                 {
                     ("/Platform/Users", "users-list", "Users"), ("/Platform/Users/New", "user-new", "New user"),
                     ("/Platform/Audit", "audit-log", "Audit log"), ("/Platform/Jobs", "jobs", "Background jobs"),
                     ("/Platform/Tokens", "tokens", "Platform API tokens"),
                 })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, name);
        }
        await page.GotoAsync("/Platform/Tokens");
        await page.GetByLabel("Token name").FillAsync("browser test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        Assert.StartsWith("opbx_pt_", await page.Locator("#new-token").InnerTextAsync());
        await page.Context.CloseAsync();
    }
}
