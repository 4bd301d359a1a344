using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// Every page of the Identity area, the stock Identity UI pages and Opbx's own, is walked over HTTP: exactly the pages
/// the product uses answer; self-registration, external logins, e-mail confirmation, personal-data download and deletion
/// and every other stock page answer 404, anonymously and signed in alike.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IdentityPagesTests(OpbxApp app)
{
    // Written out here rather than taken from the app, so adding a page to the app's list is a deliberate change here too.
    private static readonly string[] Live =
    [
        "/Identity/Account/AccessDenied",
        "/Identity/Account/ForgotPassword",
        "/Identity/Account/ForgotPasswordConfirmation",
        "/Identity/Account/Lockout",
        "/Identity/Account/Login",
        "/Identity/Account/LoginWith2fa",
        "/Identity/Account/LoginWithRecoveryCode",
        "/Identity/Account/Logout",
        "/Identity/Account/Manage/ChangePassword",
        "/Identity/Account/Manage/Disable2fa",
        "/Identity/Account/Manage/EnableAuthenticator",
        "/Identity/Account/Manage/GenerateRecoveryCodes",
        "/Identity/Account/Manage/Index",
        "/Identity/Account/Manage/ResetAuthenticator",
        "/Identity/Account/Manage/Sessions",
        "/Identity/Account/Manage/ShowRecoveryCodes",
        "/Identity/Account/Manage/TwoFactorAuthentication",
        "/Identity/Account/ResetPassword",
        "/Identity/Account/ResetPasswordConfirmation",
    ];

    /// <summary>Every Razor page of the Identity area: the Identity UI library's (Bootstrap 5 set) and the app's own.</summary>
    private static SortedSet<string> AllIdentityPages()
    {
        var pages = new SortedSet<string>(StringComparer.Ordinal);
        var identityUi = typeof(Microsoft.AspNetCore.Identity.UI.V5.Pages.Account.Internal.LoginModel).Assembly;
        foreach (var (assembly, root) in new[] { (identityUi, "/Areas/Identity/Pages/V5/"), (typeof(Program).Assembly, "/Areas/Identity/Pages/") })
        {
            foreach (var item in assembly.GetCustomAttributes<RazorCompiledItemAttribute>())
            {
                if (item.Kind != "mvc.1.0.razor-page" || !item.Identifier.StartsWith(root, StringComparison.Ordinal)) continue;
                var path = item.Identifier[root.Length..^".cshtml".Length];
                if (path.Split('/')[^1].StartsWith('_')) continue;
                pages.Add("/Identity/" + path);
            }
        }
        return pages;
    }

    [Fact]
    public void TheWalkFindsTheStockPagesThatMustStayShut()
    {
        var pages = AllIdentityPages();
        foreach (var stock in new[] { "Register", "RegisterConfirmation", "ConfirmEmail", "ResendEmailConfirmation", "ExternalLogin",
                     "Manage/Email", "Manage/DeletePersonalData", "Manage/DownloadPersonalData", "Manage/PersonalData", "Manage/ExternalLogins", "Manage/SetPassword" })
        {
            Assert.Contains("/Identity/Account/" + stock, pages);
        }
        Assert.Subset(pages, Live.ToHashSet());
    }

    [Fact]
    public async Task ExactlyTheProductsIdentityPagesAnswer()
    {
        var created = await app.CreateOrganizationAsync();
        using var anonymous = new WebSession(app.BaseUrl);
        using var signedIn = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");

        var answering = new List<string>();
        var problems = new List<string>();
        foreach (var page in AllIdentityPages())
        {
            var asStranger = await anonymous.GetAsync(page);
            var asMember = await signedIn.GetAsync(page);
            var answers = asStranger.StatusCode != HttpStatusCode.NotFound || asMember.StatusCode != HttpStatusCode.NotFound;
            if (answers) answering.Add(page);
            if (!Live.Contains(page))
            {
                // A page that is shut is shut for every method, the form posts that do the harm included.
                var post = await signedIn.PostFormAsync(page, new() { ["Input.Email"] = "victim@example.test", ["Input.Password"] = "Stranger-password-1" },
                    pagePath: "/Identity/Account/Manage/Index");
                if (post.StatusCode != HttpStatusCode.NotFound) problems.Add($"POST {page}: {(int)post.StatusCode}");
            }
        }
        Assert.Equal(Live.Order(StringComparer.Ordinal), answering);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task AStrangerCannotRegisterAnAccountForSomeoneElsesAddress()
    {
        using var stranger = new WebSession(app.BaseUrl);
        var victim = $"victim-{Guid.NewGuid():N}@example.test";
        var register = await stranger.PostFormAsync("/Identity/Account/Register", new()
        {
            ["Input.Email"] = victim,
            ["Input.Password"] = "Stranger-password-1",
            ["Input.ConfirmPassword"] = "Stranger-password-1",
        }, pagePath: "/Identity/Account/Login");
        Assert.Equal(HttpStatusCode.NotFound, register.StatusCode);
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Users.AnyAsync(a => a.Email == victim)));
    }

    [Fact]
    public async Task NobodyDeletesTheirOwnAccountThroughThePersonalDataPage()
    {
        var created = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var delete = await owner.PostFormAsync("/Identity/Account/Manage/DeletePersonalData", new() { ["Input.Password"] = "Owner-password-1" },
            pagePath: "/Identity/Account/Manage/Index");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Users.AnyAsync(a => a.Id == created.Owner.Id)));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Org/{created.Organization.Id}")).StatusCode);
    }
}
