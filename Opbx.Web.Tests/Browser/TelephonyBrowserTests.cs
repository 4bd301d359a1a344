using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Browser;

/// <summary>The organization's telephony pages in a browser (issue 11, items 1–6): what an owner sees and does.</summary>
[Collection(AppCollection.Name)]
public sealed partial class TelephonyBrowserTests(OpbxApp app) : BrowserTest
{
    private const string Password = "Owner-password-1";

    private async Task<(PbxTestKit Kit, IPage Page, string Base)> SignedInAsync(Action<Opbx.Domain.Organizations.OrganizationSettings>? configure = null)
    {
        var kit = await PbxTestKit.NewAsync(app, configure);
        var email = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return (await sp.GetRequiredService<OpbxDb>().Users.SingleAsync(a => a.Id == kit.Owner.AccountId)).Email!;
        });
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, email, Password);
        return (kit, page, $"/Org/{kit.OrganizationId}");
    }

    [Fact]
    public async Task CreatingAnExtensionShowsItsCredentialsOnceAndItAppearsInTheList()
    {
        var (kit, page, root) = await SignedInAsync();
        await page.GotoAsync(root + "/Extensions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No extensions yet" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New extension" }).First.ClickAsync();
        await page.GetByLabel("Number").FillAsync("301");
        await page.GetByLabel("Name (optional)").FillAsync("Front desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();

        // The generated username and password, as stored (the password protected, so compared through the service).
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extension 301 created" })).ToBeVisibleAsync();
        var username = (await page.Locator("#sip-username").InnerTextAsync()).Trim();
        var password = (await page.Locator("#sip-password").InnerTextAsync()).Trim();
        Assert.Matches(UsernamePattern(), username);
        Assert.Equal(24, password.Length);
        var stored = await kit.Service<ExtensionService, SipAccount>(async s => await s.RevealAsync(kit.Owner, (await s.ListAsync()).Single().Id));
        Assert.Equal((stored.Username, stored.Password), (username, password));
        await Chromium.ScreenshotAsync(page, "org-extension-created");

        // In the list, without the password; opening New again shows no credentials.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to extensions" }).ClickAsync();
        var row = page.Locator("#extensions tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("301");
        await Assertions.Expect(row).ToContainTextAsync("Front desk");
        Assert.DoesNotContain(password, await page.ContentAsync());
        await page.GotoAsync(root + "/Extensions/New");
        await Assertions.Expect(page.Locator("#sip-password")).ToHaveCountAsync(0);

        // "Show credentials" on the extension's page shows the same again.
        await page.GotoAsync(root + $"/Extensions/{stored.ExtensionId}");
        await Assertions.Expect(page.Locator("#sip-password")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show credentials" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sip-password")).ToHaveTextAsync(password);
    }

    [Fact]
    public async Task AnExtensionsMemberIsPickedByNameOrEmailInAnOrganizationOfHundreds()
    {
        var (kit, page, root) = await SignedInAsync(s => s.MaxUsers = 400);
        // More people than any list the form could hold; the one wanted sorts last by name.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = new System.Text.StringBuilder("name,email,role\n");
        for (var i = 0; i < 250; i++) file.Append($"Person {i:000},p{i}-{tag}@example.test,pbx_user\n");
        file.Append($"Zed Last,zed-{tag}@example.test,pbx_user\n");
        await app.InOrganizationAsync(kit.OrganizationId, sp => sp.GetRequiredService<Opbx.Domain.People.MemberCsv>()
            .ApplyAsync(kit.Owner, System.Text.Encoding.UTF8.GetBytes(file.ToString()), false));
        var zed = $"Zed Last <zed-{tag}@example.test>";

        await page.GotoAsync(root + "/Extensions/New");
        await page.GetByLabel("Number").FillAsync("350");
        var member = page.GetByLabel("Member (optional)");
        await member.PressSequentiallyAsync("Zed");
        await OnlySuggestionAsync(page, "member-options", zed);
        await member.FillAsync(zed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extension 350 created" })).ToBeVisibleAsync();
        var created = (await kit.Service<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync())).Single(x => x.Number == "350");
        Assert.Equal("Zed Last", created.MemberName);

        // The extension's page shows who it is; typing an address alone works too.
        await page.GotoAsync(root + $"/Extensions/{created.Id}");
        await Assertions.Expect(page.GetByLabel("Member (optional)")).ToHaveValueAsync(zed);

        // Text that names nobody is refused next to the field, with what was typed kept.
        await page.GotoAsync(root + "/Extensions/New");
        await page.GetByLabel("Number").FillAsync("351");
        await page.GetByLabel("Member (optional)").FillAsync("Someone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();
        await Assertions.Expect(page.Locator("#MembershipId-error")).ToContainTextAsync("is not a member");
        await Assertions.Expect(page.GetByLabel("Member (optional)")).ToHaveValueAsync("Someone");
        await page.GetByLabel("Member (optional)").FillAsync($"stranger-{tag}@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();
        await Assertions.Expect(page.Locator("#MembershipId-error")).ToContainTextAsync("No member of this organization has the e-mail address");
        await page.GetByLabel("Member (optional)").FillAsync($"P0-{tag}@EXAMPLE.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extension 351 created" })).ToBeVisibleAsync();
        Assert.Equal("Person 000", (await kit.Service<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync())).Single(x => x.Number == "351").MemberName);
    }

    [Fact]
    public async Task AFieldErrorShowsNextToTheFieldAndKeepsTheTypedValues()
    {
        var (kit, page, root) = await SignedInAsync();
        await kit.ExtensionAsync("401", "First");
        await kit.ExtensionAsync("402", "Second");

        await page.GotoAsync(root + "/Extensions/New");
        await page.GetByLabel("Number").FillAsync("1");
        await page.GetByLabel("Name (optional)").FillAsync("Kept name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Number-error")).ToHaveTextAsync(ExtensionNumber.Rule);
        await Assertions.Expect(page.GetByLabel("Number")).ToHaveAttributeAsync("aria-describedby", new Regex("Input_Number-error"));
        await Assertions.Expect(page.GetByLabel("Number")).ToHaveValueAsync("1");
        await Assertions.Expect(page.GetByLabel("Name (optional)")).ToHaveValueAsync("Kept name");

        // A ring group whose number is taken: the error at the number, the members chosen still chosen, in order.
        await page.GotoAsync(root + "/RingGroups/New");
        await page.GetByLabel("Number").FillAsync("401");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Sales");
        await page.GetByLabel("Member 1", new() { Exact = true }).FillAsync("402");
        await page.GetByLabel("Member 2", new() { Exact = true }).FillAsync("401 · First");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create ring group" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Number-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Sales");
        await Assertions.Expect(page.GetByLabel("Member 1", new() { Exact = true })).ToHaveValueAsync("402");
        await Assertions.Expect(page.GetByLabel("Member 2", new() { Exact = true })).ToHaveValueAsync("401 · First");
        await Chromium.ScreenshotAsync(page, "org-ring-group-error");
    }

    [Fact]
    public async Task ARingGroupIsSavedWithItsMembersInTheChosenOrder()
    {
        var (kit, page, root) = await SignedInAsync();
        var a = await kit.ExtensionAsync("501", "Ann");
        var b = await kit.ExtensionAsync("502", "Ben");
        var c = await kit.ExtensionAsync("503", "Cleo");

        await page.GotoAsync(root + "/RingGroups/New");
        await page.GetByLabel("Number").FillAsync("650");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Front office");
        await page.GetByLabel("Strategy").SelectOptionAsync("sequential");
        // Typing a name asks the server for the matching extensions; the suggestion holds the words the field posts.
        await page.GetByLabel("Member 1", new() { Exact = true }).PressSequentiallyAsync("cle");
        await OnlySuggestionAsync(page, "MemberIds-options", "503 · Cleo");
        await page.GetByLabel("Member 1", new() { Exact = true }).FillAsync("503 · Cleo");
        await page.GetByLabel("Member 2", new() { Exact = true }).FillAsync("501");
        await page.GetByLabel("Member 3", new() { Exact = true }).FillAsync("502 · Ben");
        // Ben moves up one place: 503, 502, 501.
        await page.GetByRole(AriaRole.Button, new() { Name = "Move member 3 up" }).ClickAsync();
        await page.GetByLabel("If nobody answers").FillAsync("");
        await page.GetByLabel("If nobody answers").PressSequentiallyAsync("ann");
        await Assertions.Expect(page.Locator("#Fallback-options option[value='Extension 501 · Ann']")).ToHaveCountAsync(1);
        await page.GetByLabel("If nobody answers").FillAsync("Extension 501 · Ann");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create ring group" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Ring group 650 created");

        var saved = await kit.Service<RingGroupService, RingGroupRow>(async s => (await s.ListAsync()).Single());
        Assert.Equal(["503", "502", "501"], saved.MemberNumbers);
        Assert.Equal(RingGroupStrategy.Sequential, saved.Strategy);
        Assert.Equal(Destination.To(DestinationKind.Extension, a.ExtensionId), saved.Fallback);
        await Assertions.Expect(page.GetByLabel("Member 2", new() { Exact = true })).ToHaveValueAsync("502 · Ben");
        await Assertions.Expect(page.GetByLabel("If nobody answers")).ToHaveValueAsync("Extension 501 · Ann");
        await page.GotoAsync(root + "/RingGroups");
        await Assertions.Expect(page.Locator($"#ring-group-{saved.Id}")).ToContainTextAsync("503 → 502 → 501");
        await Chromium.ScreenshotAsync(page, "org-ring-groups");
    }

    [Fact]
    public async Task AReachedLimitDisablesAddWithTheReason()
    {
        var (kit, page, root) = await SignedInAsync(s => s.MaxQueues = 3);
        async Task QueueAsync(string number) => await kit.Service<QueueService, Queue>(s => s.CreateAsync(kit.Owner, new QueueInput { Number = number, Name = "Queue " + number, Strategy = "ringall" }));
        await QueueAsync("701");
        await QueueAsync("702");

        await page.GotoAsync(root + "/Queues");
        await Assertions.Expect(page.Locator("#usage")).ToHaveTextAsync("2 of 3 used");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New queue" })).ToBeVisibleAsync();

        await QueueAsync("703");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#usage")).ToHaveTextAsync("3 of 3 used");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "New queue" });
        await Assertions.Expect(add).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New queue" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#limit-reason")).ToContainTextAsync("limit of 3 queues is reached");
        await Assertions.Expect(add).ToHaveAttributeAsync("aria-describedby", "limit-reason");
        await Chromium.ScreenshotAsync(page, "org-queues-limit");
    }

    [Fact]
    public async Task DeletingAnExtensionAsksFirstAndNamesWhereItIsUsed()
    {
        var (kit, page, root) = await SignedInAsync();
        var phone = await kit.ExtensionAsync("210", "Lobby");
        var group = await kit.Service<RingGroupService, RingGroup>(s => s.CreateAsync(kit.Owner,
            new RingGroupInput { Number = "610", Name = "Lobby group", Strategy = "simultaneous", MemberIds = [phone.ExtensionId] }));

        await page.GotoAsync(root + $"/Extensions/{phone.ExtensionId}");
        var questions = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            if (accept) await dialog.AcceptAsync();
            else await dialog.DismissAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Extension 210 · Lobby" })).ToBeVisibleAsync();
        Assert.Single(questions);
        Assert.Contains("Delete extension 210?", questions[0]);
        Assert.Contains("ring group 610", questions[0]);
        Assert.Single(await kit.Service<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync()));

        accept = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Deleted extension 210; it was removed from ring group 610");
        Assert.Equal(2, questions.Count);
        Assert.Empty(await kit.Service<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync()));
        Assert.Empty((await kit.Service<RingGroupService, RingGroupRow>(s => s.GetAsync(group.Id))).MemberIds);
    }

    [Fact]
    public async Task WithVoicemailOffNoVoicemailFieldOrDestinationIsOffered()
    {
        var (kit, page, root) = await SignedInAsync(s => s.Voicemail = false);
        var phone = await kit.ExtensionAsync("220", "Desk");
        await page.GotoAsync(root + "/Extensions/New");
        await Assertions.Expect(page.GetByLabel("Voicemail box")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Voicemail PIN (optional)")).ToHaveCountAsync(0);
        await page.GotoAsync(root + "/Queues/New");
        var fallback = page.GetByLabel("After the longest wait");
        var suggestions = page.Locator("#Fallback-options option");
        await fallback.FillAsync("");
        await fallback.PressSequentiallyAsync("220");
        await OnlySuggestionAsync(page, "Fallback-options", "Extension 220 · Desk");
        await fallback.FillAsync("");
        await fallback.PressSequentiallyAsync("voicemail 220");
        await Assertions.Expect(suggestions).ToHaveCountAsync(0);

        // With voicemail on, the same organization's forms offer both.
        await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            var db = sp.GetRequiredService<OpbxDb>();
            var organization = await db.Organizations.SingleAsync(o => o.Id == kit.OrganizationId);
            organization.Voicemail = true;
            await db.SaveChangesAsync();
        });
        await page.ReloadAsync();
        await page.GetByLabel("After the longest wait").FillAsync("");
        await page.GetByLabel("After the longest wait").PressSequentiallyAsync("voicemail 220");
        await OnlySuggestionAsync(page, "Fallback-options", "Voicemail of 220 · Desk");
        await page.GotoAsync(root + "/Extensions/New");
        await Assertions.Expect(page.GetByLabel("Voicemail box")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task APlatformManagerAddsANumberToTheInventoryAndAssignsItToAnOrganization()
    {
        var (kit, ownerPage, root) = await SignedInAsync();
        var organizationName = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return (await sp.GetRequiredService<OpbxDb>().Organizations.SingleAsync(o => o.Id == kit.OrganizationId)).Name;
        });
        var number = PbxTestKit.NewNumber();
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync("/Platform/Numbers");
        await page.GetByLabel("Number", new() { Exact = true }).FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync($"Number {number} added to the inventory");
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await page.GetByLabel("Organization").SelectOptionAsync(kit.OrganizationId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Assigned");
        await Assertions.Expect(page.Locator(".page-head")).ToContainTextAsync("Held by " + organizationName);
        await Chromium.ScreenshotAsync(page, "platform-number");

        // The organization sees it, from its provider, and cannot remove it itself.
        await ownerPage.GotoAsync(root + "/Numbers");
        await Assertions.Expect(ownerPage.Locator("#usage")).ToHaveTextAsync("1 of 10 used");
        await ownerPage.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(ownerPage.GetByText("From your provider")).ToBeVisibleAsync();
        await Assertions.Expect(ownerPage.GetByRole(AriaRole.Button, new() { Name = "Remove" })).ToHaveCountAsync(0);

        // Released, it leaves the organization.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Release to the inventory" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Released to the inventory");
        Assert.Empty(await kit.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync()));
    }

    /// <summary>
    /// The suggestions settle to exactly <paramref name="value"/>. Each keystroke asks the server again, so under load an
    /// earlier, broader answer can be on screen for a moment before the last one replaces it: wait for the option, then
    /// for it to be the only one (an assertion on "the" option would fail on that moment as a strict-mode violation).
    /// </summary>
    private static async Task OnlySuggestionAsync(IPage page, string list, string value)
    {
        var options = page.Locator($"#{list} option");
        await Assertions.Expect(options.And(page.Locator($"[value=\"{value}\"]"))).ToHaveCountAsync(1);
        await Assertions.Expect(options).ToHaveCountAsync(1);
    }

    [GeneratedRegex("^[a-z][a-z0-9]{9}$")]
    private static partial Regex UsernamePattern();
}
