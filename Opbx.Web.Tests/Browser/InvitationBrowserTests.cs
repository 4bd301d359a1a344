using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Invited people show as invited, with when and until when, and can be invited again (item 11).</summary>
[Collection(AppCollection.Name)]
public sealed class InvitationBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task AnInvitedPersonShowsAsInvitedWithResendAndExpiryHereAndOnThePlatform()
    {
        var org = await app.CreateOrganizationAsync("Invites Co " + Guid.NewGuid().ToString("N")[..6]);
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users/New");
        var email = $"iris-{Guid.NewGuid():N}@example.test";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Iris Invited");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await app.Mail.WaitForAsync(email, "invited");

        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        var row = page.Locator("#results tbody tr", new() { HasText = "Iris Invited" });
        await Assertions.Expect(row).ToContainTextAsync("Invited");
        await Assertions.Expect(row).ToContainTextAsync("sent just now");
        await Assertions.Expect(row).ToContainTextAsync("link works in 7 days");
        await Assertions.Expect(row).Not.ToContainTextAsync("Active");
        await Assertions.Expect(row).Not.ToContainTextAsync("never");

        // Resend from the row: a second e-mail with a fresh link.
        var before = (await app.Mail.MessagesAsync()).Count(m => m.To.Any(t => t.Value == email));
        await row.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Invitation sent.");
        await WaitForMailsAsync(email, before + 1);
        await Chromium.ScreenshotAsync(page, "org-users-invited");

        // A week later the link has expired: the row says so, and the dashboard asks for a resend.
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var membership = await db.Memberships.SingleAsync(m => m.OrganizationId == org.Organization.Id && m.Account!.Email == email);
            membership.InvitedAt = DateTimeOffset.UtcNow.AddDays(-9);
            await db.SaveChangesAsync();
        });
        await page.ReloadAsync();
        await Assertions.Expect(row).ToContainTextAsync("link expired 2 days ago");
        await page.GotoAsync($"/Org/{org.Organization.Id}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1 invitation has expired: resend");

        // The platform's users list says the same.
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync("/Platform/Users?q=" + Uri.EscapeDataString(email));
        var platformRow = page.Locator("#results tbody tr", new() { HasText = "Iris Invited" });
        await Assertions.Expect(platformRow).ToContainTextAsync("Invited");
        await Assertions.Expect(platformRow).ToContainTextAsync("link expired");
        await Assertions.Expect(platformRow).ToContainTextAsync("not yet");
        await page.Context.CloseAsync();
    }

    private async Task WaitForMailsAsync(string to, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await app.Mail.MessagesAsync()).Count(m => m.To.Any(t => t.Value == to)) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {count} e-mails to {to}.");
            await Task.Delay(250);
        }
    }
}
