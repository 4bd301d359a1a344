using Microsoft.Playwright;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Browser;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk.Live;

/// <summary>
/// Live state against a real Asterisk 22, in a browser that never reloads: a SIPp phone registers and its extension turns
/// online with its contact and user agent; a call is held up and the organization's dashboard lists it (from, to,
/// duration) while the platform dashboard counts it for that organization; the Asterisk page shows the connection and
/// version, and /metrics counts the call and the phone. Each change arrives through the pages' own 5-second polling.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class LiveStateBrowserTests(AsteriskServer asterisk, AsteriskApp app) : BrowserTest
{
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_registered_phone_shows_online_and_a_call_held_up_shows_on_both_dashboards()
    {
        await app.StartAsync(asterisk);
        await app.DeployedAsync(DateTimeOffset.MinValue);
        var since = DateTimeOffset.UtcNow;
        var kit = await PbxTestKit.NewAsync(app);
        // No voicemail: Asterisk would send the registered phone an MWI NOTIFY, which the one-call answering SIPp could take as its call.
        var a = await kit.ExtensionAsync("100", voicemail: false);
        var b = await kit.ExtensionAsync("101", voicemail: false);
        await app.DeployedAsync(since);

        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var root = $"/Org/{kit.OrganizationId}";
        await page.GotoAsync(root + "/Extensions");
        var phoneCellB = page.Locator($"#extension-{b.ExtensionId} td.registration");
        await Assertions.Expect(phoneCellB).ToContainTextAsync("Offline", Soon);

        await using var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, new Phone(b.Username, b.Password), timeout: TimeSpan.FromSeconds(90));

        // No reload: the list's polling brings the registration.
        await Assertions.Expect(phoneCellB).ToContainTextAsync("Online", Soon);
        await Assertions.Expect(phoneCellB).ToContainTextAsync("Opbx tests (SIPp)");
        await Assertions.Expect(phoneCellB).ToContainTextAsync("127.0.0.1:");
        await Assertions.Expect(page.Locator($"#extension-{a.ExtensionId} td.registration")).ToContainTextAsync("Offline");
        await Chromium.ScreenshotAsync(page, "org-extensions-registered");

        await page.GotoAsync(root);
        await Assertions.Expect(page.Locator("#live-calls-state")).ToContainTextAsync("No calls right now", Soon);
        await using var call = asterisk.Sipp.StartCall(asterisk, "101", from: a.Username, new Phone(a.Username, a.Password), hold: TimeSpan.FromSeconds(40));

        var row = page.Locator("#live-calls-table tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("100");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("101");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0:\d\d$"));
        await Assertions.Expect(page.Locator("#active-calls-count .value")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Chromium.ScreenshotAsync(page, "org-dashboard-active-call");

        await page.GotoAsync("/Platform");
        var organizationRow = page.Locator("#live-calls-table tbody tr", new() { Has = page.Locator($"a[href='/Platform/Organizations/{kit.OrganizationId}']") });
        await Assertions.Expect(organizationRow.Locator("td").Nth(1)).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Chromium.ScreenshotAsync(page, "platform-dashboard-active-calls");

        // The operator's scraper sees the same (platform totals only).
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Equal(1, MetricsTests.Value(metrics, "opbx_asterisk_ami_connected"));
            Assert.True(MetricsTests.Value(metrics, "opbx_active_calls") >= 1, metrics);
            Assert.True(MetricsTests.Value(metrics, "opbx_registered_phones") >= 1, metrics);
        }

        await page.GotoAsync("/Platform/Asterisk");
        await Assertions.Expect(page.Locator("#asterisk-connection")).ToContainTextAsync("Connected", Soon);
        await Assertions.Expect(page.Locator("#asterisk-version")).ToContainTextAsync("Asterisk 22.");
        await Assertions.Expect(page.Locator("#reloads tbody tr").First).ToContainTextAsync("res_pjsip.so");
        await Chromium.ScreenshotAsync(page, "platform-asterisk");

        (await call.WaitAsync()).ShouldEndWith(200);
        (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
    }
}
