using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Domain.Audit;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>The platform audit log: by organization, actions from the catalogue, names instead of ids, a period that makes sense (item 12).</summary>
[Collection(AppCollection.Name)]
public sealed partial class AuditBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task ThePlatformLogFiltersByOrganizationAndActionShowsNamesAndChecksThePeriod()
    {
        var stamp = Guid.NewGuid().ToString("N")[..6];
        var org = await app.CreateOrganizationAsync($"Audited Hotel {stamp}");
        var other = await app.CreateOrganizationAsync($"Unrelated Clinic {stamp}");
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Petra Phone");
        // A change whose before/after values are ids (the member's role from a form, the account's default organization).
        await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>()
            .UpdateAsync(Opbx.Domain.Rules.Actor.Person(Guid.Empty, true, null), member.Id, new MemberUpdate { Role = "reporter" }));

        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync("/Platform/Audit");

        // The organization filter narrows to one organization by name; each row names its organization.
        await page.GetByLabel("Organization").FillAsync(org.Organization.Name);
        var rows = page.Locator("#results tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync(org.Organization.Name);
        await Assertions.Expect(page.Locator("#results")).Not.ToContainTextAsync(other.Organization.Name);
        var text = await page.Locator("#results").InnerTextAsync();
        Assert.DoesNotMatch(GuidPattern(), text);
        Assert.Contains("Petra Phone", text);
        Assert.Contains("role: PBX user → Reporter", text);

        // The action comes from the catalogue, in words.
        var options = await page.GetByLabel("Action").Locator("option").AllInnerTextsAsync();
        Assert.Contains("Organization suspended", options);
        Assert.Contains("Invitation sent", options);
        // "Any action", then per group of actions (by target type) "Any … change" and each action.
        Assert.Equal(1 + AuditCatalogue.Actions.Select(a => a.TargetType).Distinct().Count() + AuditCatalogue.Actions.Count, options.Count);
        await page.GetByLabel("Action").SelectOptionAsync("membership.updated");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Member updated");
        await Chromium.ScreenshotAsync(page, "audit-log-filtered");

        // Clicking an organization's name filters by it too.
        await page.GotoAsync("/Platform/Audit");
        await page.Locator("#results").GetByRole(AriaRole.Link, new() { Name = other.Organization.Name }).First.ClickAsync();
        await Assertions.Expect(page.GetByLabel("Organization")).ToHaveValueAsync(other.Organization.Name);
        await Assertions.Expect(page.Locator("#results")).Not.ToContainTextAsync(org.Organization.Name);

        // A period that ends before it starts is a mistake at the "To" field, not an empty result.
        await page.GotoAsync("/Platform/Audit");
        await page.GetByLabel("From").FillAsync("2026-03-10");
        await page.GetByLabel("To").FillAsync("2026-03-01");
        await Assertions.Expect(page.Locator("#To-error")).ToContainTextAsync("ends before it starts");
        await Assertions.Expect(page.GetByLabel("To")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#results")).ToContainTextAsync("Check the filters");
        await Chromium.ScreenshotAsync(page, "audit-log-period-error");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();
}
