using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Data;
using Opbx.Domain.Calls;
using Opbx.Domain.Usage;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>
/// The usage charts (vendored Chart.js) are drawn under the strict CSP (no inline script), hold at a phone's width with axe passing,
/// and without JavaScript the tables of the same figures still read; the platform dashboard charts usage across organizations.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UsageBrowserTests(OpbxApp app) : BrowserTest
{
    private static DateTimeOffset MonthStart => new(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private static Task<bool> DrawnAsync(IPage page, string id) =>
        page.EvaluateAsync<bool>("id => { const c = document.getElementById(id); return !!(window.Chart && c && window.Chart.getChart(c) && c.offsetWidth > 0); }", id);

    [Fact]
    public async Task UsageChartsDrawUnderTheCspHoldAtAPhonesWidthAndTheTablesReadWithoutJavaScript()
    {
        var name = "Charted Co " + Guid.NewGuid().ToString("N")[..6];
        var org = await app.CreateOrganizationAsync(name, configure: s => { s.MonthlyMinutes = 200_000; s.StorageGb = 10; });
        var id = org.Organization.Id;
        // Far more minutes than any other test's organization, so it is among the platform's top organizations.
        await app.InOrganizationAsync(id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            foreach (var (at, seconds, bytes) in new[] { (MonthStart.AddDays(-40), 3_000_000, 0L), (MonthStart.AddDays(-10), 4_500_000, 900_000_000L), (MonthStart.AddHours(3), 6_000_000, 1_800_000_000L) })
            {
                db.CallRecords.Add(new CallRecord
                {
                    OrganizationId = id, UniqueId = $"chart-{Guid.NewGuid():N}", LinkedId = "chart", StartedAt = at, BillSeconds = seconds, DurationSeconds = seconds,
                    Source = "201", Destination = "5551234", RecordingFile = bytes > 0 ? $"{Guid.NewGuid():N}.wav" : null, RecordingBytes = bytes,
                });
            }
            await db.SaveChangesAsync();
        });
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().TallyAsync());
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().CheckAsync(id));
        var path = $"/Org/{id}/Usage";

        var checks = await PageChecks.OpenAsync(app, PageChecks.Phone);
        await Chromium.SignInAsync(checks.Page, org.Owner.Email!, "Owner-password-1");
        var problems = new List<string>();
        foreach (var width in new[] { PageChecks.Phone, PageChecks.Desktop })
        {
            await checks.ResizeAsync(width);
            await checks.Page.GotoAsync(path);
            await Assertions.Expect(checks.Page.Locator("#minutes-chart")).ToBeVisibleAsync();
            Assert.True(await DrawnAsync(checks.Page, "minutes-chart"), $"the minutes chart is not drawn @{width}");
            Assert.True(await DrawnAsync(checks.Page, "storage-chart"), $"the storage chart is not drawn @{width}");
            await Assertions.Expect(checks.Page.Locator("#minutes-used")).ToHaveTextAsync("100,000 of 200,000");
            await Assertions.Expect(checks.Page.Locator("#usage-history tbody tr")).ToHaveCountAsync(3);
            await Chromium.ScreenshotAsync(checks.Page, $"org-usage-{width}");
            problems.AddRange(await checks.ProblemsAsync($"usage @{width}"));
        }

        // The platform dashboard: usage across organizations, this organization among those using the most.
        var manager = await app.CreatePlatformManagerAsync();
        var platform = await PageChecks.OpenAsync(app, PageChecks.Phone);
        await Chromium.SignInAsync(platform.Page, manager.Email!, "Manager-password-1");
        foreach (var width in new[] { PageChecks.Phone, PageChecks.Desktop })
        {
            await platform.ResizeAsync(width);
            await platform.Page.GotoAsync("/Platform");
            await Assertions.Expect(platform.Page.Locator("#top-minutes")).ToContainTextAsync(name);
            await Assertions.Expect(platform.Page.Locator("#top-minutes tr", new() { HasText = name })).ToContainTextAsync("100,000");
            await Assertions.Expect(platform.Page.Locator("#top-minutes tr", new() { HasText = name })).ToContainTextAsync("200,000 minutes");
            await Assertions.Expect(platform.Page.Locator("#top-storage tr", new() { HasText = name })).ToContainTextAsync("2,700");
            Assert.True(await DrawnAsync(platform.Page, "top-minutes-chart"), $"the platform minutes chart is not drawn @{width}");
            Assert.True(await DrawnAsync(platform.Page, "top-storage-chart"), $"the platform storage chart is not drawn @{width}");
            await Chromium.ScreenshotAsync(platform.Page, $"platform-usage-{width}");
            problems.AddRange(await platform.ProblemsAsync($"platform @{width}"));
        }
        await platform.Page.Context.CloseAsync();

        // Without JavaScript: no chart box, the tables carry every figure.
        var context = await (await Chromium.BrowserAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = PageChecks.Phone, Height = 844 },
        });
        var plain = await context.NewPageAsync();
        await Chromium.SignInAsync(plain, org.Owner.Email!, "Owner-password-1");
        await plain.GotoAsync(path);
        await Assertions.Expect(plain.Locator("#usage-history")).ToBeVisibleAsync();
        await Assertions.Expect(plain.Locator("#usage-history tbody tr").First).ToContainTextAsync("100,000");
        await Assertions.Expect(plain.Locator(".chart-box").First).ToBeHiddenAsync();
        await Chromium.ScreenshotAsync(plain, "org-usage-no-script");
        await context.CloseAsync();
        await checks.Page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
