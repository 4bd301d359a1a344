using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>A new password, whoever sets it, ends the person's platform tokens and other sessions (SPEC §1, immediate effect).</summary>
[Collection(AppCollection.Name)]
public sealed class PasswordChangeEndsAccessTests(OpbxApp app)
{
    [Fact]
    public async Task AnAdministratorsResetEndsThePersonsPlatformTokens()
    {
        var manager = await app.CreatePlatformManagerAsync();
        using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync(manager.Id));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/organizations")).StatusCode);

        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ResetPasswordAsync(admin, manager.Id, "Reset-by-admin-12", mustChange: false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/organizations")).StatusCode);
    }

    [Fact]
    public async Task ChangingYourOwnPasswordEndsYourTokensAndOtherSessionsButNotThisOne()
    {
        var manager = await app.CreatePlatformManagerAsync();
        using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync(manager.Id));
        using var other = await WebSession.SignInAsync(app, manager.Email!, "Manager-password-1");
        using var browser = await WebSession.SignInAsync(app, manager.Email!, "Manager-password-1");
        var change = await browser.PostFormAsync("/Identity/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = "Manager-password-1",
            ["Input.NewPassword"] = "Chosen-password-34",
            ["Input.ConfirmPassword"] = "Chosen-password-34",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Platform")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/Platform")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/organizations")).StatusCode);
        // The tokens page lists the token as revoked.
        Assert.Contains("revoked", (await browser.GetHtmlAsync("/Platform/Tokens")).ToLowerInvariant());
    }
}
