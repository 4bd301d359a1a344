using System.Diagnostics;
using System.Net;
using Opbx.Domain.Audit;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// Sign-in does not tell who has an account: an unknown address, a wrong password and a locked account get the same answer
/// in the same time. The locked account's owner is told by e-mail, and every step is in the audit log.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SignInProtectionTests(OpbxApp app)
{
    private async Task<(string Errors, TimeSpan Took)> TryAsync(string email, string password)
    {
        using var session = new WebSession(app.BaseUrl);
        // The page is fetched first, so only the post is timed.
        await session.GetAsync("/Identity/Account/Login");
        var clock = Stopwatch.StartNew();
        var response = await session.PostFormAsync("/Identity/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var took = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (WebSession.Errors(await response.Content.ReadAsStringAsync()), took);
    }

    [Fact]
    public async Task AnUnknownAddressTakesAsLongAsAWrongPassword()
    {
        var created = await app.CreateOrganizationAsync();
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            known.Add((await TryAsync(created.Owner.Email!, $"Wrong-password-{i}")).Took.TotalMilliseconds);
            unknown.Add((await TryAsync($"nobody-{Guid.NewGuid():N}@example.test", $"Wrong-password-{i}")).Took.TotalMilliseconds);
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        // Without the stand-in hash, an unknown address answers in a small fraction of a password check's time.
        Assert.True(Median(unknown) > 0.6 * Median(known), $"unknown {Median(unknown):F0} ms, known {Median(known):F0} ms");
        Assert.True(Median(known) > 0.6 * Median(unknown), $"unknown {Median(unknown):F0} ms, known {Median(known):F0} ms");
    }

    [Fact]
    public async Task ALockedAccountLooksLikeAWrongPasswordAndItsOwnerIsTold()
    {
        var created = await app.CreateOrganizationAsync();
        var wrongAnswer = (await TryAsync(created.Owner.Email!, "Wrong-password-0")).Errors;
        for (var i = 1; i < 5; i++) await TryAsync(created.Owner.Email!, $"Wrong-password-{i}");

        // Locked now: the right password gets the wrong-password answer, as does an address with no account.
        Assert.Equal(wrongAnswer, (await TryAsync(created.Owner.Email!, "Owner-password-1")).Errors);
        Assert.Equal(wrongAnswer, (await TryAsync($"nobody-{Guid.NewGuid():N}@example.test", "Owner-password-1")).Errors);

        var mail = await app.Mail.WaitForAsync(created.Owner.Email!, "locked");
        Assert.Contains("127.0.0.1", mail.Html);
        Assert.Contains("/Identity/Account/ForgotPassword", mail.Html);

        // Platform managers find the lockout by its action; the failures are there too.
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        // The audit log names the account by its name (the target filter narrows to this one).
        Assert.Contains(created.Owner.Name, await admin.GetHtmlAsync($"/Platform/Audit?action={SecurityLog.LockedOut}&target={created.Owner.Id}"));
        var failures = await admin.GetHtmlAsync($"/Platform/Audit?action={SecurityLog.SignInFailed}&target={created.Owner.Id}");
        Assert.Contains("Wrong password; the account is now locked.", failures);
        Assert.Contains("The account is locked.", failures);
    }

    [Fact]
    public async Task ThePersonSeesTheirOwnSecurityEventsOnTheirProfile()
    {
        var created = await app.CreateOrganizationAsync();
        await TryAsync(created.Owner.Email!, "Wrong-password-9");
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var change = await owner.PostFormAsync("/Identity/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = "Owner-password-1",
            ["Input.NewPassword"] = "Another-password-5",
            ["Input.ConfirmPassword"] = "Another-password-5",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var profile = await owner.GetHtmlAsync("/Identity/Account/Manage/Sessions");
        foreach (var action in new[] { SecurityLog.SignInFailed, SecurityLog.SignedIn, SecurityLog.PasswordChanged })
            Assert.Contains($"<td>{AuditCatalogue.Label(action)}</td>", profile);
    }
}
