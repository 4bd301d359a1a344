using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed partial class TwoFactorTests(OpbxApp app)
{
    [Fact]
    public async Task AnAccountWithAnAuthenticatorNeedsItsCodeToSignIn()
    {
        var org = await app.CreateOrganizationAsync();
        var key = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(org.Owner.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            return (await users.GetAuthenticatorKeyAsync(account))!;
        });

        using var session = new WebSession(app.BaseUrl);
        var login = await session.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = org.Owner.Email!, ["Input.Password"] = "Owner-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var twoFactor = login.Headers.Location!.ToString();
        Assert.Contains("/Identity/Account/LoginWith2fa", twoFactor);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync($"/Org/{org.Organization.Id}")).StatusCode);   // not signed in yet

        // The second step speaks the product's words (issue 9 item 10), like the first.
        var page = await (await session.GetAsync(twoFactor)).Content.ReadAsStringAsync();
        Assert.Contains("Enter your authenticator code", page);
        Assert.DoesNotContain("Log in", page);
        var recovery = await (await session.GetAsync("/Identity/Account/LoginWithRecoveryCode")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with a recovery code", recovery);
        Assert.DoesNotContain("Log in", recovery);

        var wrong = await session.PostFormAsync(twoFactor, new() { ["Input.TwoFactorCode"] = "000000", ["Input.RememberMachine"] = "false" }, pagePath: twoFactor);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var right = await session.PostFormAsync(twoFactor, new() { ["Input.TwoFactorCode"] = Totp(key), ["Input.RememberMachine"] = "false" }, pagePath: twoFactor);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/Org/{org.Organization.Id}")).StatusCode);
    }

    [Fact]
    public async Task PlatformManagersCanBeRequiredToSetUpAnAuthenticatorAndDoItInTheBrowser()
    {
        var manager = await app.CreatePlatformManagerAsync();
        var org = await app.CreateOrganizationAsync();
        app.SetConfiguration("Opbx:Security:RequireTwoFactorForPlatformManagers", "true");
        try
        {
            // Without an authenticator, every page leads to setting one up.
            using var session = await WebSession.SignInAsync(app, manager.Email!, "Manager-password-1");
            var platform = await session.GetAsync("/Platform");
            Assert.Equal(HttpStatusCode.Redirect, platform.StatusCode);
            Assert.Equal(AuthenticatorPage, platform.Headers.Location!.ToString());
            Assert.Equal(AuthenticatorPage, (await session.GetAsync("/Platform/Users", htmx: true)).Headers.GetValues("HX-Redirect").Single());

            // The setup page makes a key (changing the account's security stamp) and the session goes on through it.
            var setup = await session.GetHtmlAsync(AuthenticatorPage);
            var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", "");
            Assert.NotEmpty(key);
            // The QR code carries the same key, under Opbx's name.
            Assert.Contains($"otpauth://totp/Opbx:{Uri.EscapeDataString(manager.Email!)}?secret={key.ToUpperInvariant()}&amp;issuer=Opbx", setup);
            var wrong = await session.PostFormAsync(AuthenticatorPage, new() { ["Input.Code"] = "000000" }, pagePath: AuthenticatorPage);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Verification code is invalid", await wrong.Content.ReadAsStringAsync());
            var verified = await session.PostFormAsync(AuthenticatorPage, new() { ["Input.Code"] = Totp(key) }, pagePath: AuthenticatorPage);
            Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
            Assert.Contains("ShowRecoveryCodes", verified.Headers.Location!.ToString());
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Platform")).StatusCode);
            Assert.True(await app.WithScopeAsync(async sp =>
                (await sp.GetRequiredService<UserManager<Account>>().FindByIdAsync(manager.Id.ToString()))!.TwoFactorEnabled));

            // People who are not platform managers are not asked.
            using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Org/{org.Organization.Id}")).StatusCode);
        }
        finally
        {
            app.SetConfiguration("Opbx:Security:RequireTwoFactorForPlatformManagers", "false");
        }
    }

    private const string AuthenticatorPage = "/Identity/Account/Manage/EnableAuthenticator";

    [GeneratedRegex("<kbd>([a-z0-9 ]+)</kbd>")]
    private static partial Regex SharedKey();

    /// <summary>RFC 6238 code (30-second steps, 6 digits, HMAC-SHA1) from a base32 key, as an authenticator app computes it.</summary>
    internal static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(message);
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return output.ToArray();
    }
}
