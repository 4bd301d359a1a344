using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed class SignInTests(OpbxApp app)
{
    private async Task<(HttpResponseMessage Response, string Html)> TrySignInAsync(string email, string password)
    {
        using var session = new WebSession(app.BaseUrl);
        var response = await session.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePlatformManagerSignsInAndSeesThePlatform()
    {
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var html = await session.GetHtmlAsync("/Platform");
        Assert.Contains("Platform dashboard", html);
        Assert.Contains("Asterisk not connected", html);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutSayingWhetherTheAccountExists()
    {
        var (known, knownHtml) = await TrySignInAsync(OpbxApp.AdminEmail, "wrong-password-1");
        var (unknown, unknownHtml) = await TrySignInAsync("nobody@example.test", "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains("The email or password is not right.", WebSession.Errors(knownHtml));
        Assert.Equal(WebSession.Errors(knownHtml), WebSession.Errors(unknownHtml));
    }

    [Fact]
    public async Task MembersOfASuspendedOrganizationAreToldWhy()
    {
        var created = await app.CreateOrganizationAsync();
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SuspendAsync(admin, created.Organization.Id));
        var (response, html) = await TrySignInAsync(created.Owner.Email!, "Owner-password-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{created.Organization.Name} is suspended", WebSession.Errors(html));

        // With the wrong password, nothing about the organization is revealed.
        var (_, wrong) = await TrySignInAsync(created.Owner.Email!, "Not-the-password-1");
        Assert.DoesNotContain("suspended", wrong);
    }

    [Fact]
    public async Task DeactivatedAccountsAreToldWhy()
    {
        var created = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(created.Organization.Id, "pbx_user");
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, member.AccountId, false));
        var (_, html) = await TrySignInAsync(member.Account!.Email!, "Member-password-1");
        Assert.Contains("Your account has been deactivated", WebSession.Errors(html));
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccount()
    {
        var created = await app.CreateOrganizationAsync();
        for (var i = 0; i < 5; i++) await TrySignInAsync(created.Owner.Email!, "Wrong-password-" + i);
        // Locked: even the right password is refused (with the wrong-password answer, so the caller learns nothing).
        var (_, html) = await TrySignInAsync(created.Owner.Email!, "Owner-password-1");
        Assert.Contains("The email or password is not right.", WebSession.Errors(html));
        var account = await app.WithScopeAsync(sp => sp.GetRequiredService<UserManager<Account>>().FindByIdAsync(created.Owner.Id.ToString()));
        Assert.True(account!.LockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task SuspendingTheOrganizationEndsAnOpenSessionOnTheNextRequest()
    {
        var created = await app.CreateOrganizationAsync();
        using var session = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/Org/{created.Organization.Id}")).StatusCode);

        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SuspendAsync(admin, created.Organization.Id));

        var next = await session.GetAsync($"/Org/{created.Organization.Id}");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Identity/Account/Login", next.Headers.Location!.ToString());
        Assert.Contains("ended=true", next.Headers.Location!.ToString());

        // An htmx request is told to go to the sign-in page instead of swapping a login form into the page.
        var htmx = await session.GetAsync($"/Org/{created.Organization.Id}", htmx: true);
        Assert.Equal(HttpStatusCode.Unauthorized, htmx.StatusCode);
        Assert.Contains("/Identity/Account/Login", htmx.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task RevokingPlatformManagerRefusesTheNextPlatformRequest()
    {
        var manager = await app.CreatePlatformManagerAsync();
        using var session = await WebSession.SignInAsync(app, manager.Email!, "Manager-password-1");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Platform/Organizations")).StatusCode);
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetPlatformManagerAsync(admin, manager.Id, false));
        var next = await session.GetAsync("/Platform/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.DoesNotContain("/Platform", next.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task ResettingThePasswordEndsOpenSessionsAndCanForceANewOne()
    {
        var created = await app.CreateOrganizationAsync();
        using var session = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ResetPasswordAsync(admin, created.Owner.Id, "Reset-password-22", mustChange: true));

        var next = await session.GetAsync($"/Org/{created.Organization.Id}");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Identity/Account/Login", next.Headers.Location!.ToString());

        using var again = await WebSession.SignInAsync(app, created.Owner.Email!, "Reset-password-22");
        var forced = await again.GetAsync($"/Org/{created.Organization.Id}");
        Assert.Equal(HttpStatusCode.Redirect, forced.StatusCode);
        Assert.Equal("/Identity/Account/Manage/ChangePassword", forced.Headers.Location!.ToString());

        var change = await again.PostFormAsync("/Identity/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = "Reset-password-22",
            ["Input.NewPassword"] = "Chosen-password-33",
            ["Input.ConfirmPassword"] = "Chosen-password-33",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/Org/{created.Organization.Id}")).StatusCode);
    }

    [Fact]
    public async Task SignInRecordsTheLastLoginTime()
    {
        var created = await app.CreateOrganizationAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var _ = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var account = await app.WithScopeAsync(sp => sp.GetRequiredService<UserManager<Account>>().FindByIdAsync(created.Owner.Id.ToString()));
        Assert.True(account!.LastLoginAt >= before);
    }
}
