using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Browser;

/// <summary>The organization's Deploys page: "Deploy now" queues one, and its outcome appears without a reload.</summary>
[Collection(AppCollection.Name)]
public sealed class DeploysBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task DeployNowShowsTheQueuedDeployAndThenItsOutcomeWithoutAReload()
    {
        var created = await app.CreateOrganizationAsync("Lakeside Hotel " + Guid.NewGuid().ToString("N")[..6]);
        var kit = new PbxTestKit(app, created);
        await kit.ExtensionAsync("100", "Front desk");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);

        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, created.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{created.Organization.Id}/Deploys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy now" }).ClickAsync();

        var newest = page.Locator("#deploys tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("Deploy now");
        // The list asks again while a deploy is pending (the test app waits 2 s before it runs one).
        await Assertions.Expect(newest).ToContainTextAsync("succeeded", new() { Timeout = 20_000 });
        await Assertions.Expect(newest).ToContainTextAsync("0 file(s) written");
        await Chromium.ScreenshotAsync(page, "org-deploys");
    }
}
