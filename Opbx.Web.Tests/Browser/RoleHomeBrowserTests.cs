using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Each role's home shows what that role is for (items 7 and 8), and lists page through (?page=).</summary>
[Collection(AppCollection.Name)]
public sealed class RoleHomeBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task OwnersSeeUsageAttentionInvitationsAndActivity()
    {
        var org = await app.CreateOrganizationAsync("Usage Co " + Guid.NewGuid().ToString("N")[..6], configure: s => s.MaxUsers = 4);
        await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "301", name: "Paula Phone");
        await app.AddMemberAsync(org.Organization.Id, "reporter", name: "Rory Reports");

        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        // An invitation through the UI, so the activity names who did it.
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/New");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Ines Invited");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync($"ines-{Guid.NewGuid():N}@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("invitation is on its way");

        await page.GotoAsync($"/Org/{org.Organization.Id}");
        var usage = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Usage and limits" }) });
        await Assertions.Expect(usage.GetByRole(AriaRole.Row, new() { Name = "Seats" })).ToContainTextAsync("4 of 4");
        await Assertions.Expect(usage.GetByRole(AriaRole.Row, new() { Name = "API keys" })).ToContainTextAsync("1 of 2");
        var attention = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Needs attention" }) });
        await Assertions.Expect(attention).ToContainTextAsync("Seats: 4 of 4 used");
        await Assertions.Expect(attention).ToContainTextAsync("3 members have no extension");
        var invitations = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Pending invitations" }) });
        await Assertions.Expect(invitations).ToContainTextAsync("Ines Invited");
        await Assertions.Expect(invitations).ToContainTextAsync("sent just now");
        var activity = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Recent activity" }) });
        await Assertions.Expect(activity).ToContainTextAsync("Olive Owner: member created, Ines Invited");
        await Chromium.ScreenshotAsync(page, "org-dashboard");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task APbxUserSeesTheirPhoneAndAReporterTheCallRecordsNeverAdminCounters()
    {
        var org = await app.CreateOrganizationAsync("Homes Co " + Guid.NewGuid().ToString("N")[..6]);
        var user = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "205");
        var reporter = await app.AddMemberAsync(org.Organization.Id, "reporter");

        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, user.Account!.Email!, "Member-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My phone", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your extension is 205");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Voicemail");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Seats");
        await Chromium.ScreenshotAsync(page, "org-home-pbx-user");
        await page.Context.CloseAsync();

        page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, reporter.Account!.Email!, "Member-password-1");
        // Signing in lands the reporter on the call records.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Call records", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Open the call records");
        foreach (var counter in new[] { "Seats", "Members", "invitations", "Usage" })
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(counter);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Organization" }).GetByRole(AriaRole.Link, new() { Name = "Call records" })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "org-home-reporter");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheUsersListPagesThrough()
    {
        var org = await app.CreateOrganizationAsync("Paging Co " + Guid.NewGuid().ToString("N")[..6], configure: s => s.MaxUsers = 40);
        for (var i = 0; i < 26; i++) await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: $"Person {i:00}");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("27 users · page 1 of 2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("page 2 of 2");
        await Assertions.Expect(page.Locator("#results tbody tr")).ToHaveCountAsync(2);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("page 2 of 2");
        await page.Context.CloseAsync();
    }
}
