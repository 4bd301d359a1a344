using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Flows that used to save the wrong thing or fail in their natural order (issue 9, items 1–4).</summary>
[Collection(AppCollection.Name)]
public sealed partial class FormFlowBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task AFailedSideFormLeavesTheDetailsAsStoredAndSavingThemChangesNothing()
    {
        var org = await app.CreateOrganizationAsync("Side Forms " + Guid.NewGuid().ToString("N")[..6]);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "150");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/{member.Id}");

        // A refused password reset: the Details form still shows the member as stored, not blanks and "Owner".
        await page.GetByLabel("New password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await Assertions.Expect(page.Locator("#NewPassword-error")).ToBeVisibleAsync();
        await AssertDetailsAsync(page, "Member pbx_user", member.Account!.Email!, "pbx_user", "150");
        await Chromium.ScreenshotAsync(page, "org-user-edit-password-refused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Saved.");
        Assert.Equal((OrgRole.PbxUser, "150"), await RoleAndExtensionAsync(member.Id));

        // The same after a refused "Deactivate now, delete later" (a day in the past).
        await page.GetByLabel("Delete on").FillAsync(DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate and schedule" }).ClickAsync();
        await Assertions.Expect(page.Locator("#DeleteOn-error")).ToContainTextAsync("after today");
        await AssertDetailsAsync(page, "Member pbx_user", member.Account!.Email!, "pbx_user", "150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Saved.");
        Assert.Equal((OrgRole.PbxUser, "150"), await RoleAndExtensionAsync(member.Id));

        // An emptied name is reported next to the field, not taken as "unchanged".
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Name-error")).ToContainTextAsync("Enter a name");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BulkActionsWorkInTheirNaturalOrderAndTheQuestionNamesActionAndCount()
    {
        var org = await app.CreateOrganizationAsync("Bulk Order " + Guid.NewGuid().ToString("N")[..6]);
        var first = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var second = await app.AddMemberAsync(org.Organization.Id, "reporter");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");

        // Tick first, then choose the action: choosing must not reload the list (which cleared the ticks).
        await page.Locator($"#member-{first.Id} input[name=selected]").CheckAsync();
        await page.Locator($"#member-{second.Id} input[name=selected]").CheckAsync();
        await page.GetByLabel("With the selected users:").SelectOptionAsync("delete");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(page.Locator($"#member-{first.Id} input[name=selected]")).ToBeCheckedAsync();

        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.Locator("#bulk").GetByRole(AriaRole.Button, new() { Name = "Apply to selected" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-results")).ToContainTextAsync("2 done, 0 refused");
        Assert.StartsWith("Delete 2 users?", question);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AFieldWithAServerSideErrorKeepsItsStyle()
    {
        var org = await app.CreateOrganizationAsync("Styled Errors " + Guid.NewGuid().ToString("N")[..6]);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var page = await Chromium.NewPageAsync(app);

        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await AssertStyledErrorAsync(page.GetByLabel("Email"));

        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync("/Platform/Organizations/New");
        await page.GetByLabel("Organization name").FillAsync("X");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: limits and features" }).ClickAsync();
        await AssertStyledErrorAsync(page.GetByLabel("Organization name"));

        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/New");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not an email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await AssertStyledErrorAsync(page.GetByLabel("Email", new() { Exact = true }));

        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/{member.Id}");
        await page.GetByLabel("New password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await AssertStyledErrorAsync(page.GetByLabel("New password"));

        await page.GotoAsync($"/Platform/Organizations/{org.Organization.Id}/Delete");
        await page.GetByLabel("Type").FillAsync("wrong name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently" }).ClickAsync();
        await AssertStyledErrorAsync(page.GetByLabel("Type"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheInvitationHasAPlainSubjectAndNamesWhoInvitedAndTheProvider()
    {
        var name = "Whitfield & Moreno LLP " + Guid.NewGuid().ToString("N")[..6];
        var org = await app.CreateOrganizationAsync(name);
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/New");
        var email = $"ivy-{Guid.NewGuid():N}@example.test";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Ivy Invited");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Send an invitation email").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("invitation is on its way");

        var message = await app.Mail.WaitForAsync(email, "invited");
        Assert.Equal($"You're invited to {name} on {OpbxApp.ProviderName}", message.Subject);
        var text = Regex.Replace(System.Net.WebUtility.HtmlDecode(message.Html), "<[^>]+>", "");
        Assert.Contains($"Olive Owner has invited you to join {name} on {OpbxApp.ProviderName}, as PBX user.", text);
        Assert.DoesNotContain(org.Owner.Email!, text);
        await page.Context.CloseAsync();
    }

    private static async Task AssertDetailsAsync(IPage page, string name, string email, string role, string extension)
    {
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToHaveValueAsync(email);
        await Assertions.Expect(page.GetByLabel("Role", new() { Exact = true })).ToHaveValueAsync(role);
        await Assertions.Expect(page.GetByLabel("Extension", new() { Exact = true })).ToHaveValueAsync(extension);
    }

    /// <summary>The field keeps Bootstrap's form-control (and gains is-invalid), instead of a class attribute naming a .NET type.</summary>
    private static async Task AssertStyledErrorAsync(ILocator field)
    {
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        // Waits for the server's answer: the field may be marked invalid in the browser a moment before the page arrives.
        await Assertions.Expect(field).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"(^|\s)is-invalid(\s|$)"));
        var classes = await field.GetAttributeAsync("class") ?? "";
        Assert.Matches(ControlClass(), classes);
        Assert.Contains("is-invalid", classes.Split(' '));
        Assert.DoesNotContain("Microsoft", classes);
    }

    private Task<(OrgRole, string?)> RoleAndExtensionAsync(Guid membershipId) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<OpbxDb>();
        using var _ = db.Tenant.AcrossOrganizations();
        var m = await db.Memberships.AsNoTracking().Where(x => x.Id == membershipId).Select(x => new { x.Role, Number = (string?)x.Extension!.Number }).SingleAsync();
        return (m.Role, m.Number);
    });

    [GeneratedRegex(@"\bform-(control|select)\b")]
    private static partial Regex ControlClass();
}
