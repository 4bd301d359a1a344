using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Pages offer only what the rules allow, and say why where a control is missing (item 9).</summary>
[Collection(AppCollection.Name)]
public sealed class OfferBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task APbxAdminIsNotOfferedWhatTheRulesRefuse()
    {
        var org = await app.CreateOrganizationAsync("Offers Co " + Guid.NewGuid().ToString("N")[..6]);
        var admin = await app.AddMemberAsync(org.Organization.Id, "pbx_admin", name: "Adam Admin");
        var user = await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Uma User");
        var ownerRow = await app.InOrganizationAsync(org.Organization.Id, async sp =>
            (await sp.GetRequiredService<MemberService>().ListAsync(new MemberListQuery(Search: "Olive Owner"))).Items.Single());

        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, admin.Account!.Email!, "Member-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");

        // The owner's row: no box to tick, no Quick edit, and the reason a hover away (and read out).
        var owner = page.Locator($"#member-{ownerRow.Id}");
        await Assertions.Expect(owner.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Quick edit" })).ToHaveCountAsync(0);
        await Assertions.Expect(owner.GetByText("Managed by owners")).ToHaveAttributeAsync("title", AccessRules.AdminTargets);

        // Their own row: Quick edit offers the name only; role and status say why not.
        var self = page.Locator($"#member-{admin.Id}");
        await Assertions.Expect(self.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await self.GetByRole(AriaRole.Button, new() { Name = "Quick edit" }).ClickAsync();
        await Assertions.Expect(self.GetByLabel("Name")).ToBeFocusedAsync();
        await Assertions.Expect(self.GetByLabel("Role")).ToHaveCountAsync(0);
        await Assertions.Expect(self.GetByLabel("Status")).ToHaveCountAsync(0);
        await Assertions.Expect(self).ToContainTextAsync(AccessRules.OwnRole);
        await Assertions.Expect(self).ToContainTextAsync(AccessRules.OwnStatus);
        await Chromium.ScreenshotAsync(page, "org-users-own-row");

        // The owner's page: details to read, no Delete, no password reset, no scheduling; the reason in one line.
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/{ownerRow.Id}");
        await Assertions.Expect(page.Locator("#withheld")).ToContainTextAsync(AccessRules.AdminTargets);
        foreach (var control in new[] { "Delete", "Save", "Reset password", "Deactivate and schedule" })
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = control, Exact = true })).ToHaveCountAsync(0);

        // A PBX user's page: everything the rules allow, with the roles a PBX admin may give.
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/{user.Id}");
        await Assertions.Expect(page.GetByLabel("Role", new() { Exact = true }).Locator("option")).ToHaveTextAsync(["PBX user", "Reporter"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true })).ToBeVisibleAsync();

        // New user: no Owner or PBX admin to choose, and why.
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/New");
        await Assertions.Expect(page.GetByLabel("Role").Locator("option")).ToHaveTextAsync(["PBX user", "Reporter"]);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(AccessRules.AdminGrants);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task APlatformManagersOwnPageOffersNoWayToLockThemselvesOut()
    {
        var manager = await app.CreatePlatformManagerAsync();
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, manager.Email!, "Manager-password-1");
        await page.GotoAsync($"/Platform/Users/{manager.Id}");
        foreach (var control in new[] { "Deactivate", "Revoke platform manager", "Delete" })
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = control, Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#withheld")).ToContainTextAsync(AccessRules.OwnDeactivate);
        await Assertions.Expect(page.Locator("#withheld")).ToContainTextAsync(AccessRules.OwnPlatformManager);
        await Chromium.ScreenshotAsync(page, "platform-user-own-page");

        // Another manager's page offers all three.
        await page.GotoAsync($"/Platform/Users/{await app.AdminIdAsync()}");
        foreach (var control in new[] { "Deactivate", "Revoke platform manager", "Delete" })
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = control, Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
