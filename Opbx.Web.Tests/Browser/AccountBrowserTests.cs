using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Platform;

namespace Opbx.Tests.Browser;

/// <summary>
/// The account pages as a person uses them: one profile for name, phone and the organization that opens after sign-in,
/// the sign-in e-mail read-only with who may change it; the password and two-factor pages, from turning two-factor on
/// to turning it off, in the product's layout and words; and the friendly "not allowed" page with its 403.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class AccountBrowserTests(OpbxApp app) : BrowserTest
{
    private const string Profile = "/Identity/Account/Manage";

    [Fact]
    public async Task AMemberEditsTheirNameOnTheirProfileAndSeesItInTheHeader()
    {
        var org = await app.CreateOrganizationAsync("Profile Co " + Guid.NewGuid().ToString("N")[..6]);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "301", name: "Pat Phoneuser");
        var checks = await PageChecks.OpenAsync(app);
        var page = checks.Page;
        await Chromium.SignInAsync(page, member.Account!.Email!, "Member-password-1");

        // The name in the header leads to the profile; the organization's "My profile" link leads to the same page.
        await page.Locator(".account-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/Manage$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My profile", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync($"/Org/{org.Organization.Id}/Profile");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/Manage$"));
        var email = page.GetByLabel("Sign-in email");
        await Assertions.Expect(email).ToHaveValueAsync(member.Account.Email!);
        await Assertions.Expect(email).ToHaveAttributeAsync("readonly", "");
        await Assertions.Expect(page.Locator("#sign-in-email-who")).ToContainTextAsync($"ask an owner or a PBX admin of {org.Organization.Name}");
        await Assertions.Expect(page.Locator(".places")).ToContainTextAsync("PBX user · extension 301");
        await checks.AssertHoldsAtBothWidthsAsync("profile");
        await AssertProductWordsAsync(page, "profile");

        // Errors next to their fields, and what was typed stays.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("   ");
        await page.GetByLabel("Phone").FillAsync("call me maybe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Name-error")).ToHaveTextAsync("Enter a name of 1 to 100 characters.");
        await Assertions.Expect(page.Locator("#Input_Phone-error")).ToContainTextAsync("Enter a phone number");
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync("call me maybe");
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveClassAsync(new Regex(@"\bform-control\b.*\bis-invalid\b"));
        await checks.AssertHoldsAtBothWidthsAsync("profile with errors");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Patricia Renamed");
        await page.GetByLabel("Phone").FillAsync("+1 555 0100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved your profile.");
        await Assertions.Expect(page.Locator(".account-link")).ToHaveTextAsync("Patricia Renamed");
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+1 555 0100");
        await Chromium.ScreenshotAsync(page, "account-profile");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoFactorPagesFromTurningItOnToTurningItOffSpeakTheProductsWords()
    {
        var org = await app.CreateOrganizationAsync();
        var checks = await PageChecks.OpenAsync(app);
        var page = checks.Page;
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");

        async Task HoldsAsync(string title, string where)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
            await checks.AssertHoldsAtBothWidthsAsync(where);
            await AssertProductWordsAsync(page, where);
        }

        await page.GotoAsync(Profile + "/ChangePassword");
        await HoldsAsync("Password", "password");
        await Assertions.Expect(page.GetByLabel("Current password")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Two-factor authentication" }).ClickAsync();
        await HoldsAsync("Two-factor authentication", "two-factor off");
        await Assertions.Expect(page.Locator(".two-factor-state")).ToHaveTextAsync("Off");

        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await HoldsAsync("Set up an authenticator app", "authenticator");
        var key = (await page.Locator("kbd").InnerTextAsync()).Replace(" ", "");
        await page.GetByLabel("Code from the app").FillAsync(TwoFactorTests.Totp(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Manage/ShowRecoveryCodes"));
        await Assertions.Expect(page.Locator(".recovery-code")).ToHaveCountAsync(10);
        await HoldsAsync("Your recovery codes", "recovery codes");
        await Chromium.ScreenshotAsync(page, "account-recovery-codes");

        await page.GetByRole(AriaRole.Link, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(page.Locator(".two-factor-state")).ToHaveTextAsync("On");
        await HoldsAsync("Two-factor authentication", "two-factor on");
        await page.GetByRole(AriaRole.Link, new() { Name = "New recovery codes" }).ClickAsync();
        await HoldsAsync("New recovery codes", "new recovery codes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make new recovery codes" }).ClickAsync();
        await Assertions.Expect(page.Locator(".recovery-code")).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("the earlier ones no longer work");

        await page.GotoAsync(Profile + "/ResetAuthenticator");
        await HoldsAsync("Reset the authenticator key", "reset authenticator");
        await page.GotoAsync(Profile + "/Disable2fa");
        await HoldsAsync("Turn off two-factor authentication", "turn off");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-factor authentication" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Two-factor authentication is off.");
        await Assertions.Expect(page.Locator(".two-factor-state")).ToHaveTextAsync("Off");
        await AssertProductWordsAsync(page, "two-factor turned off");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ARefusedPageIsTheAppsOwnFriendlyPageWith403()
    {
        var org = await app.CreateOrganizationAsync();
        var reporter = await app.AddMemberAsync(org.Organization.Id, "reporter", name: "Rita Refused");
        var checks = await PageChecks.OpenAsync(app);
        var page = checks.Page;
        await Chromium.SignInAsync(page, reporter.Account!.Email!, "Member-password-1");

        var response = await page.GotoAsync("/Platform/Users");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Identity/Account/AccessDenied"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You cannot open that page", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("You are signed in as Rita Refused, and your role does not allow that page.");
        foreach (var width in new[] { PageChecks.Phone, PageChecks.Desktop })
        {
            await checks.ResizeAsync(width);
            var problems = await checks.ProblemsAsync($"access denied @{width}", expectedConsoleError: e => e.Contains("status of 403", StringComparison.Ordinal));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        await AssertProductWordsAsync(page, "access denied");
        await Chromium.ScreenshotAsync(page, "account-access-denied");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to your start page" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/Org/{org.Organization.Id}"));
        await page.Context.CloseAsync();
    }

    /// <summary>The product says "Sign in" and "email", never Identity's "Log in" or "Username".</summary>
    private static async Task AssertProductWordsAsync(IPage page, string where)
    {
        var text = await page.Locator("body").InnerTextAsync();
        var found = IdentityWords().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.True(found.Count == 0, $"{where}: says {string.Join(", ", found)}");
    }

    [GeneratedRegex(@"\b(user ?name|log ?in|log ?out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex IdentityWords();
}
