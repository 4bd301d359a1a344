using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed partial class PlatformUsersTests(OpbxApp app)
{
    [Fact]
    public async Task TheLastPlatformManagerAndYourselfAreProtectedWithAReasonOnThePage()
    {
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var adminId = await app.AdminIdAsync();
        var page = $"/Platform/Users/{adminId}";
        var deactivate = await session.PostFormAsync($"{page}?handler=Deactivate", new(), pagePath: page);
        Assert.Equal(HttpStatusCode.OK, deactivate.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(AccessRules.OwnDeactivate), await deactivate.Content.ReadAsStringAsync());
        var delete = await session.PostFormAsync($"{page}?handler=Delete", new(), pagePath: page);
        Assert.Contains(WebUtility.HtmlEncode(AccessRules.OwnDelete), await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SearchFindsPeopleByAnyPartOfTheirNameOrEmailAfterARename()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var admin = await app.AdminActorAsync();
        var unique = "Zephyrine" + Guid.NewGuid().ToString("N")[..5];
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().UpdateProfileAsync(admin, member.AccountId, $"Ms {unique} Quill", member.Account!.Email!, null));
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        Assert.Contains($"Ms {unique} Quill", await session.GetHtmlAsync($"/Platform/Users?q={unique[3..]}"));   // inside a word, via the trigram index
        Assert.Contains($"Ms {unique} Quill", await session.GetHtmlAsync($"/Platform/Users?q={member.Account!.Email![..10]}"));
        Assert.DoesNotContain("Member pbx_user</a>", await session.GetHtmlAsync($"/Platform/Users?q={unique}&status=inactive"));
    }

    // NUL, FTS5 syntax (quotes, NEAR, *, column filter), SQL and LIKE characters, as typed into the search box (no
    // hex letters around the NUL: generated e-mails hold GUIDs).
    [Theory]
    [InlineData("zq%00xj")]
    [InlineData("%22%22%22")]
    [InlineData("NEAR(ab%20cd)")]
    [InlineData("*ab")]
    [InlineData("Name%3Aab")]
    [InlineData("%27%3B--")]
    [InlineData("a%5Cb%25_c")]
    public async Task HostileSearchTextFindsNothingInsteadOfFailing(string typed)
    {
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        Assert.Contains("No users match", await session.GetHtmlAsync($"/Platform/Users?q={typed}"));
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Opbx.Data.OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            // The members search of a large organization asks the same index first.
            var search = await AccountSearch.RunAsync(db, Uri.UnescapeDataString(typed), default, countMany: false);
            if (search.FewMembers(db, 1) is { } few) Assert.Empty(await few.ToListAsync());
        });
    }

    [Fact]
    public async Task CreatingAUserInAnOrganizationFromThePlatformShowsFieldErrors()
    {
        var org = await app.CreateOrganizationAsync();
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var response = await session.PostFormAsync($"/Platform/Users/New?org={org.Organization.Id}", new()
        {
            ["Input.Name"] = "",
            ["Input.Email"] = "nope",
            ["Input.Role"] = "owner",
            ["Input.SendInvitation"] = "false",
            ["Input.Password"] = "short",
        }, pagePath: "/Platform/Users/New");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a name of 1 to 100 characters.", html);
        Assert.Contains("Enter a valid email address", html);
        Assert.Contains("Passwords must be at least 12 characters", html);
        Assert.Contains("aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task ForgottenPasswordsAreResetByEmail()
    {
        var org = await app.CreateOrganizationAsync();
        using var session = new WebSession(app.BaseUrl);
        var forgot = await session.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = org.Owner.Email! });
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        var message = await app.Mail.WaitForAsync(org.Owner.Email!, "Reset your password");
        var link = WebUtility.HtmlDecode(LinkPattern().Match(message.Html).Groups[1].Value);
        var path = new Uri(link).PathAndQuery;
        // The reset page decodes the link's code into its form, as a browser would post it back.
        var code = WebUtility.HtmlDecode(Regex.Match(await session.GetHtmlAsync(path), "name=\"Input.Code\" value=\"([^\"]+)\"").Groups[1].Value);
        var reset = await session.PostFormAsync("/Identity/Account/ResetPassword", new()
        {
            ["Input.Email"] = org.Owner.Email!,
            ["Input.Password"] = "Brand-new-password-9",
            ["Input.ConfirmPassword"] = "Brand-new-password-9",
            ["Input.Code"] = code,
        }, pagePath: path);
        Assert.True(reset.StatusCode == HttpStatusCode.Redirect, path + " " + WebSession.Errors(await reset.Content.ReadAsStringAsync()));
        using var signedIn = await WebSession.SignInAsync(app, org.Owner.Email!, "Brand-new-password-9");
    }

    [GeneratedRegex("href=['\"]([^'\"]+)['\"]")]
    private static partial Regex LinkPattern();
}
