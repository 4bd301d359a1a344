using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// Names (of people, organizations, keys, tokens) refuse control characters with a field error wherever they enter, and are
/// stored NFC-normalised. A name with a line break used to be accepted and then broke the e-mail subject it was put in.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SingleLineTextTests(OpbxApp app)
{
    private const string Injected = "Evil Corp\r\nBcc: everyone@evil.test";
    /// <summary>"Zoë" with a combining diaeresis (NFD); stored as the single character ë (NFC).</summary>
    private const string Decomposed = "Zoe\u0308 Caf\u0065\u0301";
    private const string Composed = "Zo\u00eb Caf\u00e9";

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\u001bb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009fb")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    public void ControlCharactersAndLineBreaksAreRefused(string text) => Assert.Equal(SingleLineText.NotOneLine, SingleLineText.Problem(text));

    [Fact]
    public void LoneSurrogatesAreRefused()
    {
        // Built from chars: attribute data (InlineData) cannot carry a lone surrogate, the compiler stores it as U+FFFD.
        foreach (var text in new[] { new string(['a', '\ud800', 'b']), new string(['a', '\udc00', 'b']), new string(['\ud83d']), new string(['\ude00', '\ud83d']) })
            Assert.Equal(SingleLineText.NotText, SingleLineText.Problem(text));
    }

    [Theory]
    [InlineData("Zoë O'Brien-Smith")]
    [InlineData("株式会社 テスト")]
    [InlineData("Party \ud83c\udf89 Hotel")]
    [InlineData("")]
    public void OrdinaryNamesPass(string text) => Assert.Null(SingleLineText.Problem(text));

    [Fact]
    public void KeptTextIsTrimmedAndNfcNormalised()
    {
        var errors = new FieldErrors();
        Assert.Equal(Composed, SingleLineText.Clean("  " + Decomposed + " ", errors, "Name"));
        Assert.False(errors.Any);
        SingleLineText.Clean(Injected, errors, "Name");
        Assert.Equal([SingleLineText.NotOneLine], errors.ToDictionary()["Name"]);
    }

    [Fact]
    public async Task TheApiRefusesLineBreaksInEveryNameWithAFieldError()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var before = await AuditCountAsync();
        var cases = new (string Field, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("name", () => platform.PostAsync("/api/v1/organizations", new { name = Injected, owner = new { name = "Olga", email = Email() } })),
            ("owner.name", () => platform.PostAsync("/api/v1/organizations", new { name = "Org " + Guid.NewGuid().ToString("N")[..6], owner = new { name = Injected, email = Email() } })),
            ("name", () => platform.PatchAsync($"/api/v1/organizations/{org.Organization.Id}", new { name = Injected })),
            ("name", () => key.PostAsync("/api/v1/users", new { name = Injected, email = Email(), role = "reporter" })),
            ("name", () => key.PostAsync("/api/v1/org-users/invite", new { name = Injected, email = Email(), role = "reporter" })),
            ("name", () => key.PatchAsync($"/api/v1/users/{member.Id}", new { name = Injected })),
        };
        foreach (var (field, send) in cases)
        {
            var response = await send();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await ApiClient.JsonAsync(response))["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
            Assert.Contains(SingleLineText.NotOneLine, errors[field]!.ToJsonString());
        }
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task TheApiStoresNamesNfcNormalisedAndCountsThemOnce()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var unique = Guid.NewGuid().ToString("N")[..6];
        var created = await platform.PostAsync("/api/v1/organizations", new { name = Decomposed + " " + unique, owner = new { name = Decomposed, email = Email() } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ApiClient.JsonAsync(created);
        Assert.Equal(Composed + " " + unique, (string?)body["organization"]!["name"]);
        Assert.Equal(Composed, (string?)body["organization"]!["owner"]!["name"]);
        // The same name typed the other way is the same name.
        var again = await platform.PostAsync("/api/v1/organizations", new { name = Composed + " " + unique, owner = new { name = "Olga", email = Email() } });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var user = await key.PostAsync("/api/v1/users", new { name = Decomposed, email = Email(), role = "reporter" });
        Assert.Equal(Composed, (string?)(await ApiClient.JsonAsync(user))["name"]);
    }

    [Fact]
    public async Task ThePagesRefuseLineBreaksInEveryNameWithAFieldError()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxApiKeys = 10);
        var id = org.Organization.Id;
        var member = await app.AddMemberAsync(id, "pbx_user");
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var before = await AuditCountAsync();
        var forms = new (WebSession Session, string Path, Dictionary<string, string> Fields, string? Page)[]
        {
            (manager, "/Platform/Organizations/New?handler=Details",
                new() { ["Settings.Name"] = Injected, ["Settings.Industry"] = "General", ["OwnerName"] = "Olga", ["OwnerEmail"] = Email() }, "/Platform/Organizations/New"),
            (manager, "/Platform/Organizations/New?handler=Details",
                new() { ["Settings.Name"] = "Fine name", ["Settings.Industry"] = "General", ["OwnerName"] = Injected, ["OwnerEmail"] = Email() }, "/Platform/Organizations/New"),
            (manager, $"/Platform/Users/{member.AccountId}?handler=Profile",
                new() { ["Profile.Name"] = Injected, ["Profile.Email"] = Email() }, $"/Platform/Users/{member.AccountId}"),
            (manager, "/Platform/Tokens?handler=Create", new() { ["Name"] = Injected }, "/Platform/Tokens"),
            (owner, $"/Org/{id}/Users/New", new() { ["Input.Name"] = Injected, ["Input.Email"] = Email(), ["Input.Role"] = "reporter", ["Input.SendInvitation"] = "true" }, null),
            (owner, $"/Org/{id}/Settings?handler=CreateKey", new() { ["KeyName"] = Injected, ["KeyScopes"] = "users:read" }, $"/Org/{id}/Settings"),
            (owner, "/Identity/Account/Manage", new() { ["Input.Name"] = Injected }, null),
        };
        foreach (var (session, path, fields, page) in forms)
        {
            var response = await session.PostFormAsync(path, fields, page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(html.Contains(System.Net.WebUtility.HtmlEncode(SingleLineText.NotOneLine), StringComparison.Ordinal), $"{path}: {WebSession.Errors(html)}");
        }
        // The inline edit keeps the row open with the reason.
        var row = await owner.PostFormAsync($"/Org/{id}/Users?handler=SaveRow&id={member.Id}", new() { ["name"] = Injected }, $"/Org/{id}/Users");
        var rowHtml = await row.Content.ReadAsStringAsync();
        Assert.True(rowHtml.Contains(System.Net.WebUtility.HtmlEncode(SingleLineText.NotOneLine), StringComparison.Ordinal), $"{(int)row.StatusCode} {WebSession.Errors(rowHtml)} {rowHtml[..Math.Min(3000, rowHtml.Length)]}");
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task TheImportAndTheCommandLineServiceRefuseThemToo()
    {
        var org = await app.CreateOrganizationAsync();
        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        var plan = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberCsv>().PlanAsync(owner,
            System.Text.Encoding.UTF8.GetBytes($"name,email,role\n\"Evil\u0085Corp\",{Email()},reporter\n\"{Decomposed}\",{Email()},reporter\n")));
        Assert.Equal(ImportOutcome.Error, plan.Rows[0].Outcome);
        Assert.Contains("one line", plan.Rows[0].Message);
        Assert.Equal(Composed, plan.Rows[1].Name);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => app.WithScopeAsync(sp =>
            sp.GetRequiredService<AccountService>().EnsurePlatformManagerAsync(Email(), Injected, "Manager-password-1")));
        Assert.Equal([SingleLineText.NotOneLine], refused.Errors["Name"]);
        var token = await Assert.ThrowsAsync<ValidationException>(async () =>
        {
            var admin = await app.AdminActorAsync();
            await app.WithScopeAsync(sp => sp.GetRequiredService<PlatformTokenService>().CreateAsync(admin, admin.AccountId!.Value, "ci\ntoken"));
        });
        Assert.Equal([SingleLineText.NotOneLine], token.Errors["Name"]);
    }

    private static string Email() => $"line-{Guid.NewGuid():N}@example.test";

    private Task<int> AuditCountAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().AuditEntries.IgnoreQueryFilters().CountAsync());
}
