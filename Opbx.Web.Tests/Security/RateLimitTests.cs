using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Opbx;
using Opbx.Domain;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// The rate limits, each lowered for its own test (the shared app runs with limits no other test reaches; a lowered limit
/// starts fresh counts, so nothing another test did counts here).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RateLimitTests(OpbxApp app)
{
    private async Task WithLimitAsync(string setting, string window, string value, Func<Task> test)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var key = $"Opbx:Security:RateLimits:{setting}";
        var before = configuration[key];
        // A window no other run of this test shares: the limiter keeps counts per limit setting.
        var windowKey = $"Opbx:Security:RateLimits:{window}";
        // Put back as the app had it: the fixture's value, or the default (a removed key would not bind as a time span).
        var windowBefore = configuration[windowKey]
            ?? typeof(RateLimitOptions).GetProperty(windowKey.Split(':')[^1])!.GetValue(new RateLimitOptions())!.ToString();
        app.SetConfiguration(key, value);
        app.SetConfiguration(windowKey, TimeSpan.FromSeconds(600 + Random.Shared.Next(1, 3000)).ToString());
        try
        {
            await test();
        }
        finally
        {
            app.SetConfiguration(key, before);
            app.SetConfiguration(windowKey, windowBefore);
        }
    }

    private static void AssertTooMany(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "Retry-After in seconds");
    }

    [Fact]
    public async Task OneAddressCannotLockSomeoneElseOut()
    {
        var created = await app.CreateOrganizationAsync();
        await WithLimitAsync("FailuresPerAccountAndAddress", "FailureWindow", "4", async () =>
        {
            using var stranger = new WebSession(app.BaseUrl);
            for (var i = 0; i < 4; i++)
            {
                var wrong = await stranger.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = created.Owner.Email!, ["Input.Password"] = $"Guess-number-{i}" });
                Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            }
            // The fifth attempt, the one that would lock the account, never reaches it: not even the right password.
            var fifth = await stranger.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = created.Owner.Email!, ["Input.Password"] = "Owner-password-1" });
            AssertTooMany(fifth);
            Assert.Contains("Too many failed sign-ins", await fifth.Content.ReadAsStringAsync());
            var account = await app.WithScopeAsync(sp => sp.GetRequiredService<UserManager<Account>>().FindByIdAsync(created.Owner.Id.ToString()));
            Assert.Null(account!.LockoutEnd);
            Assert.Equal(4, account.AccessFailedCount);
        });
    }

    [Fact]
    public async Task SignInFormsFromOneAddressAreLimited()
    {
        await WithLimitAsync("SignInPerAddress", "SignInWindow", "3", async () =>
        {
            using var browser = new WebSession(app.BaseUrl);
            for (var i = 0; i < 3; i++)
            {
                var attempt = await browser.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = $"n{i}@example.test", ["Input.Password"] = "Whatever-password-1" });
                Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
            }
            AssertTooMany(await browser.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = "n4@example.test", ["Input.Password"] = "Whatever-password-1" }));
            AssertTooMany(await browser.PostFormAsync("/Identity/Account/LoginWith2fa", new() { ["Input.TwoFactorCode"] = "123456" }, pagePath: "/Identity/Account/Login"));
            // Reading the sign-in page is not limited.
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Identity/Account/Login")).StatusCode);
        });
    }

    [Fact]
    public async Task ForgotPasswordRequestsFromOneAddressAreLimited()
    {
        await WithLimitAsync("ForgotPasswordPerAddress", "ForgotPasswordWindow", "2", async () =>
        {
            using var browser = new WebSession(app.BaseUrl);
            for (var i = 0; i < 2; i++)
                Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = $"f{i}@example.test" })).StatusCode);
            AssertTooMany(await browser.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = "f3@example.test" }));
        });
    }

    [Fact]
    public async Task FailedApiAuthenticationsFromOneAddressAreLimited()
    {
        var created = await app.CreateOrganizationAsync();
        var token = await app.PlatformTokenAsync();
        await WithLimitAsync("ApiFailuresPerAddress", "ApiFailureWindow", "3", async () =>
        {
            using var wrongToken = ApiClient.Bearer(app, "opbx_pt_not-a-real-token");
            using var wrongKey = ApiClient.Basic(app, created.ApiKeyId, "not-the-secret");
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrongToken.GetAsync("/api/v1/organizations")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/v1/users")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrongToken.GetAsync("/api/v1/organizations")).StatusCode);
            var limited = await wrongKey.GetAsync("/api/v1/users");
            AssertTooMany(limited);
            Assert.Contains("Too many failed authentications", await limited.Content.ReadAsStringAsync());
            // Until the window ends, the address is refused before its credentials are looked at, good ones included.
            using var goodToken = ApiClient.Bearer(app, token);
            AssertTooMany(await goodToken.GetAsync("/api/v1/organizations"));
        });
    }
}
