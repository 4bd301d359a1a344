using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Keyboard use, errors where they belong, words instead of codes, plurals and a favicon (item 13).</summary>
[Collection(AppCollection.Name)]
public sealed class FinishBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task QuickEditTakesFocusAndEscapeCancels()
    {
        var org = await app.CreateOrganizationAsync("Keys Co " + Guid.NewGuid().ToString("N")[..6]);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Kim Keyboard");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        var row = page.Locator($"#member-{member.Id}");

        await row.GetByRole(AriaRole.Button, new() { Name = "Quick edit" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row.GetByLabel("Name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(" Changed");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(row.GetByLabel("Name")).ToHaveCountAsync(0);
        await Assertions.Expect(row).ToContainTextAsync("Kim Keyboard");
        await Assertions.Expect(row).Not.ToContainTextAsync("Changed");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Quick edit" })).ToBeFocusedAsync();

        // Enter in the name field saves; focus comes back to the row.
        await page.Keyboard.PressAsync("Enter");
        await row.GetByLabel("Name").FillAsync("Kim Saved");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row).ToContainTextAsync("Kim Saved");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Quick edit" })).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AQuickEditTheServerRefusesSaysSoInsteadOfDoingNothing()
    {
        var org = await app.CreateOrganizationAsync("Gone Co " + Guid.NewGuid().ToString("N")[..6]);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Gina Gone");
        var page = await Chromium.NewPageAsync(app);
        Chromium.ExpectConsoleError(page, "status of 404");
        Chromium.ExpectConsoleError(page, "Response Status Error Code 404");
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        var row = page.Locator($"#member-{member.Id}");
        await row.GetByRole(AriaRole.Button, new() { Name = "Quick edit" }).ClickAsync();
        await row.GetByLabel("Name").FillAsync("Gina Renamed");

        // Someone else deletes the person meanwhile: the save is refused, and the page says why.
        var owner = Opbx.Domain.Rules.Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>().DeleteAsync(owner, member.Id));
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var error = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Not found" });
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("Request id");
        await Chromium.ScreenshotAsync(page, "request-error");

        // Closing it, or the next request that succeeds, puts it away.
        await error.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(error).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewUserShowsThePasswordOnlyWhenNeededAndADuplicateNextToEmail()
    {
        var org = await app.CreateOrganizationAsync("Forms Co " + Guid.NewGuid().ToString("N")[..6]);
        var existing = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/New");

        await Assertions.Expect(page.GetByLabel("Send an invitation email")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).Not.ToBeVisibleAsync();
        await page.GetByLabel("Set a password now").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Send an invitation email").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Password", new() { Exact = true })).Not.ToBeVisibleAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Second Copy");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(existing.Account!.Email!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Email-error")).ToContainTextAsync("already a member of this organization");
        await Assertions.Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeFocusedAsync();
        await Chromium.ScreenshotAsync(page, "org-user-new-duplicate");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ValuesAreWordsCountsArePluralRightAndThereIsAFavicon()
    {
        var org = await app.CreateOrganizationAsync("Words Hotel " + Guid.NewGuid().ToString("N")[..6], configure: s =>
        {
            s.Industry = Opbx.Domain.Organizations.Industry.Hotel;
            s.RecordingConsentMode = Opbx.Domain.Organizations.RecordingConsentMode.OptIn;
        });
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync("/Platform/Organizations?q=" + Uri.EscapeDataString(org.Organization.Name));
        await Assertions.Expect(page.Locator("#results tbody tr").First).ToContainTextAsync("Hotel");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("1 organization · page 1 of 1");

        await page.GotoAsync($"/Org/{org.Organization.Id}/Settings");
        await Assertions.Expect(page.GetByLabel("Recording consent").Locator("option:checked")).ToHaveTextAsync("Opt-in");
        await Assertions.Expect(page.Locator("#api-keys")).ToContainTextAsync("1 of 2 keys allowed");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("1 user · page 1 of 1");

        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var response = await page.APIRequest.GetAsync(icon!);
        Assert.Equal(200, response.Status);
        Assert.Equal("image/svg+xml", response.Headers["content-type"]);
        await page.Context.CloseAsync();
    }
}
