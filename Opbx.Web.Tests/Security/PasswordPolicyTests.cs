using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>At least 12 characters, no composition rules, and none of the 100,000 most common passwords.</summary>
[Collection(AppCollection.Name)]
public sealed class PasswordPolicyTests(OpbxApp app)
{
    [Fact]
    public void TheShippedListHoldsTheHundredThousandMostCommonPasswords()
    {
        Assert.Equal(100_000, CommonPasswordValidator.Count);
        Assert.True(CommonPasswordValidator.IsCommon("123456"));
        Assert.True(CommonPasswordValidator.IsCommon("password"));
        // The last line of the list: the whole file was read.
        Assert.True(CommonPasswordValidator.IsCommon("070162"));
    }

    [Theory]
    [InlineData("eleven-char", false)]                 // 11 characters
    [InlineData("twelve chars", true)]                 // 12, no digit, no capital, no symbol: length is what counts
    [InlineData("lowercaseonlyletters", true)]
    [InlineData("qwerty123456", false)]                // on the list
    [InlineData("QWERTY123456", false)]                // on the list, whatever the letter case
    [InlineData("1qaz2wsx3edc", false)]
    [InlineData("123456789987654321", false)]
    public async Task PasswordsAreJudgedByLengthAndTheList(string password, bool accepted)
    {
        var errors = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var found = new List<string>();
            foreach (var validator in users.PasswordValidators)
                found.AddRange((await validator.ValidateAsync(users, new Account(), password)).Errors.Select(e => e.Description));
            return found;
        });
        Assert.True(accepted == (errors.Count == 0), string.Join(" ", errors));
    }

    [Fact]
    public async Task ACommonPasswordIsRefusedWhenAPersonChangesTheirOwn()
    {
        var created = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var change = await owner.PostFormAsync("/Identity/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = "Owner-password-1",
            ["Input.NewPassword"] = "Qwerty123456",
            ["Input.ConfirmPassword"] = "Qwerty123456",
        });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Contains(CommonPasswordValidator.Message, WebSession.Errors(await change.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ThePasswordPageTakesWhatEveryOtherPathTakes()
    {
        var created = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var longest = string.Concat(Enumerable.Repeat("lanterns over the harbour ", 6))[..PasswordPolicy.MaxLength];
        var tooLong = await owner.PostFormAsync("/Identity/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = "Owner-password-1",
            ["Input.NewPassword"] = longest + "x",
            ["Input.ConfirmPassword"] = longest + "x",
        });
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains(PasswordPolicy.TooLong, WebSession.Errors(await tooLong.Content.ReadAsStringAsync()));
        // 128 characters, beyond the stock page's own 100: taken, as by the API, invitations and resets.
        var changed = await owner.PostFormAsync("/Identity/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = "Owner-password-1",
            ["Input.NewPassword"] = longest,
            ["Input.ConfirmPassword"] = longest,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
    }
}
