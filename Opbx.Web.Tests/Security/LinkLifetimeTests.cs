using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>Password reset links live two hours and work once; invitation links live seven days (their own provider).</summary>
[Collection(AppCollection.Name)]
public sealed partial class LinkLifetimeTests(OpbxApp app)
{
    /// <summary>
    /// A token as Identity's data-protection provider makes it (creation time, account, purpose, security stamp), but
    /// made <paramref name="age"/> ago: the app's own keys and the provider's protector purpose, so only the age differs.
    /// </summary>
    private Task<string> TokenMadeAgoAsync(Guid accountId, string provider, string purpose, TimeSpan age) => app.WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<Account>>();
        var account = (await users.FindByIdAsync(accountId.ToString()))!;
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, new UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write((DateTimeOffset.UtcNow - age).UtcTicks);
            writer.Write(account.Id.ToString());
            writer.Write(purpose);
            writer.Write(account.SecurityStamp!);
        }
        var protector = sp.GetRequiredService<IDataProtectionProvider>().CreateProtector(provider);
        return Convert.ToBase64String(protector.Protect(stream.ToArray()));
    });

    private Task<bool> ResetWithAsync(Guid accountId, string token) => app.WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<Account>>();
        return (await users.ResetPasswordAsync((await users.FindByIdAsync(accountId.ToString()))!, token, "Brand-new-password-7")).Succeeded;
    });

    [Fact]
    public async Task AResetLinkExpiresAfterTwoHours()
    {
        var created = await app.CreateOrganizationAsync();
        var stale = await TokenMadeAgoAsync(created.Owner.Id, PasswordResetLinks.Provider, UserManager<Account>.ResetPasswordTokenPurpose, TimeSpan.FromMinutes(121));
        Assert.False(await ResetWithAsync(created.Owner.Id, stale));
        var fresh = await TokenMadeAgoAsync(created.Owner.Id, PasswordResetLinks.Provider, UserManager<Account>.ResetPasswordTokenPurpose, TimeSpan.FromMinutes(119));
        Assert.True(await ResetWithAsync(created.Owner.Id, fresh));
    }

    [Fact]
    public async Task AResetLinkFromTheEmailWorksOnce()
    {
        var created = await app.CreateOrganizationAsync();
        using var browser = new WebSession(app.BaseUrl);
        var ask = await browser.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = created.Owner.Email! });
        Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        var message = await app.Mail.WaitForAsync(created.Owner.Email!, "Reset your password");
        var link = WebUtility.HtmlDecode(LinkPattern().Match(message.Html).Groups[1].Value);
        var path = new Uri(link).PathAndQuery;
        // The reset page decodes the link's code into its form, as a browser would post it back.
        var code = WebUtility.HtmlDecode(Regex.Match(await browser.GetHtmlAsync(path), "name=\"Input.Code\" value=\"([^\"]+)\"").Groups[1].Value);
        Dictionary<string, string> Form(string password) => new()
        {
            ["Input.Email"] = created.Owner.Email!,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = code,
        };
        var first = await browser.PostFormAsync("/Identity/Account/ResetPassword", Form("First-reset-password-1"), pagePath: path);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("ResetPasswordConfirmation", first.Headers.Location!.ToString());
        var second = await browser.PostFormAsync("/Identity/Account/ResetPassword", Form("Second-reset-password-2"), pagePath: path);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Invalid token", await second.Content.ReadAsStringAsync());
        using var _ = await WebSession.SignInAsync(app, created.Owner.Email!, "First-reset-password-1");
    }

    [Fact]
    public async Task AnInvitationLinkLivesSevenDaysAndIsNoResetLink()
    {
        var created = await app.CreateOrganizationAsync();
        var invited = await app.InOrganizationAsync(created.Organization.Id, async sp => await sp.GetRequiredService<MemberService>().AddAsync(
            await app.AdminActorAsync(), new NewMember { Name = "Ivy Invited", Email = $"ivy-{Guid.NewGuid():N}@example.test", Role = "pbx_user" }));

        async Task<HttpResponseMessage> AcceptAsync(string token)
        {
            using var browser = new WebSession(app.BaseUrl);
            var path = $"/invite?account={invited.AccountId}&org={created.Organization.Id}&code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
            return await browser.PostFormAsync(path, new() { ["Password"] = "Invited-password-1", ["Confirm"] = "Invited-password-1" }, pagePath: path);
        }

        // A password-reset token, even a fresh one, does not open an invitation.
        var reset = await TokenMadeAgoAsync(invited.AccountId, PasswordResetLinks.Provider, InvitationLinks.Purpose, TimeSpan.Zero);
        Assert.Contains("cannot be used", await (await AcceptAsync(reset)).Content.ReadAsStringAsync());
        var stale = await TokenMadeAgoAsync(invited.AccountId, InvitationLinks.Provider, InvitationLinks.Purpose, TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Contains("cannot be used", await (await AcceptAsync(stale)).Content.ReadAsStringAsync());
        var sixDays = await TokenMadeAgoAsync(invited.AccountId, InvitationLinks.Provider, InvitationLinks.Purpose, TimeSpan.FromDays(6.9));
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(sixDays)).StatusCode);
    }

    [GeneratedRegex("href=['\"]([^'\"]+)['\"]")]
    private static partial Regex LinkPattern();
}
