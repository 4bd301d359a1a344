using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class OrganizationBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task FilterSearchInlineEditAndBulkDeactivate()
    {
        var org = await app.CreateOrganizationAsync("Harbor Clinic " + Guid.NewGuid().ToString("N")[..6]);
        var admin = await app.AddMemberAsync(org.Organization.Id, "pbx_admin", extension: "100");
        var carla = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "101");
        var dan = await app.AddMemberAsync(org.Organization.Id, "reporter");
        var erin = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "103");
        await Rename(org.Organization.Id, (carla, "Carla Nurse"), (dan, "Dan Records"), (erin, "Erin Desk"), (admin, "Alex Admin"));
        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        await app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberService>().UpdateAsync(owner, erin.Id, new MemberUpdate { Status = "inactive" });
        });

        var checks = await PageChecks.OpenAsync(app);
        var page = checks.Page;
        await Chromium.SignInAsync(page, admin.Account!.Email!, "Member-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        var rows = page.Locator("#results tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);                      // active only by default
        await Chromium.ScreenshotAsync(page, "org-users");

        await page.GetByLabel("Status").SelectOptionAsync("inactive");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Erin Desk");
        // Each step waits for its own results (a count that was already true would let the next step race the swap).
        await page.GetByLabel("Status").SelectOptionAsync("all");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await page.GetByLabel("Search").FillAsync("carla");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Carla Nurse");
        await page.GetByLabel("Search").FillAsync("");
        await Assertions.Expect(rows).ToHaveCountAsync(5);

        // Inline edit: a PBX admin is offered only the roles they may give (no Owner, no PBX admin).
        var carlaRow = page.Locator($"#member-{carla.Id}");
        await carlaRow.GetByRole(AriaRole.Button, new() { Name = "Quick edit" }).ClickAsync();
        await Assertions.Expect(carlaRow.GetByLabel("Name")).ToBeFocusedAsync();
        await Assertions.Expect(carlaRow.GetByLabel("Role").Locator("option")).ToHaveTextAsync(["PBX user", "Reporter"]);
        await Chromium.ScreenshotAsync(page, "org-users-inline-edit");
        await checks.AssertHoldsAtBothWidthsAsync("quick edit open");
        await carlaRow.GetByLabel("Role").SelectOptionAsync("reporter");
        await carlaRow.GetByLabel("Name").FillAsync("Carla Charts");
        await carlaRow.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(carlaRow).ToContainTextAsync("Carla Charts");
        await Assertions.Expect(carlaRow).ToContainTextAsync("Reporter");

        // Bulk: deactivate Carla and Dan. The owner's row offers no box to tick: a PBX admin cannot change owners.
        await Assertions.Expect(page.GetByLabel("Select Olive Owner")).ToHaveCountAsync(0);
        await page.GetByLabel("Select Carla Charts").CheckAsync();
        await page.GetByLabel("Select Dan Records").CheckAsync();
        await page.GetByLabel("With the selected users:").SelectOptionAsync("deactivate");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.Locator("#bulk").GetByRole(AriaRole.Button, new() { Name = "Apply to selected" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-results")).ToContainTextAsync("2 done, 0 refused");
        await Chromium.ScreenshotAsync(page, "org-users-bulk");
        await checks.AssertHoldsAtBothWidthsAsync("bulk result");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CsvImportShowsADryRunThenApplies()
    {
        var org = await app.CreateOrganizationAsync("Import Hotel " + Guid.NewGuid().ToString("N")[..6]);
        var checks = await PageChecks.OpenAsync(app);
        var page = checks.Page;
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import CSV" }).ClickAsync();
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var csv = $"name,email,role,extension\nFrank Front,frank-{stamp}@example.test,pbx_user,201\nGina Guest,gina-{stamp}@example.test,reporter,\nBad Row,nope,pbx_user,\n";
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-rows")).ToContainTextAsync("Enter a valid email address");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Fix the rows with errors");
        await Chromium.ScreenshotAsync(page, "org-import-errors");
        await checks.AssertHoldsAtBothWidthsAsync("import with errors");

        await page.GetByRole(AriaRole.Link, new() { Name = "Choose another file" }).ClickAsync();
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv.Replace("Bad Row,nope,pbx_user,\n", "")) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("Would create");
        await Chromium.ScreenshotAsync(page, "org-import-dry-run");
        await checks.AssertHoldsAtBothWidthsAsync("import dry run");
        await page.GetByLabel("Send invitations to new people").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Imported: 2 created");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to users" }).ClickAsync();
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("Frank Front");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADeactivatedMembersOpenSessionIsRefusedOnTheNextClick()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "150");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, member.Account!.Email!, "Member-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your extension is 150");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Organization" }).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "org-dashboard-pbx-user");

        using var api = ApiClient.Key(app, org);
        await api.PatchAsync($"/api/v1/users/{member.Id}", new { status = "inactive" });
        await page.GetByRole(AriaRole.Link, new() { Name = "My profile" }).ClickAsync();
        await page.WaitForURLAsync("**/Identity/Account/Login**");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your session has ended");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OwnerPagesRender()
    {
        var org = await app.CreateOrganizationAsync("Render Co " + Guid.NewGuid().ToString("N")[..6]);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "300");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        foreach (var (path, name, heading) in new[]
                 {
                     ("", "org-dashboard", org.Organization.Name), ("/Users/New", "org-user-new", "New user"), ($"/Users/{member.Id}", "org-user-edit", "Member pbx_user"),
                     ("/Settings", "org-settings", "Settings"), ("/Settings/Audit", "org-audit", "Audit log"), ("/Profile", "org-profile", "My profile"),
                 })
        {
            await page.GotoAsync($"/Org/{org.Organization.Id}{path}");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, name);
        }
        await page.GotoAsync($"/Org/{org.Organization.Id}/Settings");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("CRM sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-secret")).ToBeVisibleAsync();

        // Identity's account pages in the product's layout; opening the authenticator setup (which makes a key and
        // changes the account's security stamp) does not end the session.
        await page.GotoAsync("/Identity/Account/Manage/EnableAuthenticator");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up an authenticator app" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#authenticator-qr svg")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "account-authenticator");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My profile", Level = 1 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private Task Rename(Guid organizationId, params (Membership Member, string Name)[] names) => app.InOrganizationAsync(organizationId, async sp =>
    {
        var members = sp.GetRequiredService<MemberService>();
        foreach (var (member, name) in names)
            await members.UpdateAsync(Actor.Person(Guid.Empty, true, null), member.Id, new MemberUpdate { Name = name });
    });
}
