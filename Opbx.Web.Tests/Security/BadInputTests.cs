using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;
using Opbx.Web;

namespace Opbx.Tests.Security;

/// <summary>The inputs the fuzzing found answering 500, each now a field error, a 4xx or a safe redirect, with nothing written.</summary>
[Collection(AppCollection.Name)]
public sealed class BadInputTests(OpbxApp app)
{
    [Fact]
    public async Task ACheckboxThatIsNeitherOnNorOffIsAFieldErrorAndSavesNothing()
    {
        var org = await app.CreateOrganizationAsync();
        var id = org.Organization.Id;
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var before = await AuditCountAsync();
        var posts = new (WebSession Session, string Path, Dictionary<string, string> Fields, string Page)[]
        {
            // Every other field valid: without the refusal the page saved "false" (and re-rendering the box threw FormatException).
            (owner, $"/Org/{id}/Settings?handler=Compliance", new()
            {
                ["RecordingConsentMode"] = "announcement", ["CdrRetentionDays"] = "90", ["RecordingRetentionDays"] = "30", ["PiiMasking"] = "maybe",
            }, $"/Org/{id}/Settings"),
            (manager, $"/Platform/Organizations/{id}", new()
            {
                ["Settings.Name"] = org.Organization.Name, ["Settings.Industry"] = "General", ["Settings.MaxUsers"] = "25", ["Settings.ConcurrentCalls"] = "5",
                ["Settings.CdrRetentionDays"] = "90", ["Settings.RecordingRetentionDays"] = "30", ["Settings.MaxApiKeys"] = "2", ["Settings.Voicemail"] = "yes please",
            }, $"/Platform/Organizations/{id}"),
            (manager, "/Platform/Organizations/New?handler=Settings", new()
            {
                ["Settings.Name"] = "Wizard " + Guid.NewGuid().ToString("N")[..6], ["Settings.Industry"] = "General", ["OwnerName"] = "Olga",
                ["OwnerEmail"] = "olga@example.test", ["Settings.MaxUsers"] = "25", ["Settings.ConcurrentCalls"] = "5", ["Settings.CdrRetentionDays"] = "90",
                ["Settings.RecordingRetentionDays"] = "30", ["Settings.MaxApiKeys"] = "2", ["Settings.Ivr"] = "1",
            }, "/Platform/Organizations/New"),
        };
        foreach (var (session, path, fields, page) in posts)
        {
            var response = await session.PostFormAsync(path, fields, page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Contains(BindingErrorsPageFilter.Summary, WebUtility.HtmlDecode(html));
        }
        Assert.Equal(before, await AuditCountAsync());
        var piiMasking = await app.InOrganizationAsync(id, sp => sp.GetRequiredService<OpbxDb>().Organizations.Where(o => o.Id == id).Select(o => o.PiiMasking).SingleAsync());
        Assert.Equal(org.Organization.PiiMasking, piiMasking);
    }

    [Fact]
    public async Task ANulByteInAFormIsABadRequestPageAndInANameAFieldError()
    {
        // ASP.NET Core's form reader refuses a NUL in a form value outright: every such post answers the 400 page.
        using var anonymous = new WebSession(app.BaseUrl);
        foreach (var fields in new Dictionary<string, string>[]
                 {
                     new() { ["Input.Email"] = "a\0@example.test", ["Input.Password"] = "secret" },
                     new() { ["Input.Email"] = OpbxApp.AdminEmail, ["Input.Password"] = "\0" },
                 })
        {
            var signIn = await anonymous.PostFormAsync("/Identity/Account/Login", fields);
            Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
            Assert.Contains("Bad request", await signIn.Content.ReadAsStringAsync());
        }
        // The admin's account was not locked by those attempts.
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);

        // Through the API a NUL arrives as text (\u0000), and a name refuses it like any control character.
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var response = await key.PostRawAsync("/api/v1/users", """{"name":"Ol\u0000ive","email":"olive@example.test","role":"reporter"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Domain.Values.SingleLineText.NotOneLine, (await ApiClient.JsonAsync(response))["errors"]!["name"]!.ToJsonString());
    }

    [Fact]
    public async Task ALoneSurrogateInAJsonBodyIsA400ProblemNamingTheField()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var before = await AuditCountAsync();
        foreach (var body in new[]
                 {
                     """{"name":"Bad \ud800 name","owner":{"name":"Olga","email":"olga@example.test"}}""",
                     """{"name":"Fine","owner":{"name":"\udc00","email":"olga@example.test"}}""",
                 })
        {
            var response = await platform.PostRawAsync("/api/v1/organizations", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await ApiClient.JsonAsync(response))["errors"]!.AsObject();
            Assert.Contains("surrogate", errors.ToJsonString());
        }
        var owner = await platform.PostRawAsync("/api/v1/organizations", """{"name":"Fine","owner":{"name":"\udc00","email":"olga@example.test"}}""");
        Assert.True((await ApiClient.JsonAsync(owner))["errors"]!.AsObject().ContainsKey("owner.name"));
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task SignOutRedirectsOnlyToLocalAddresses()
    {
        foreach (var target in new[] { "https://evil.test/", "//evil.test/x", "/\\evil.test" })
        {
            using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
            var response = await session.PostFormAsync("/Identity/Account/Logout?returnUrl=" + Uri.EscapeDataString(target), new(), "/Platform");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
        using var local = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var home = await local.PostFormAsync("/Identity/Account/Logout?returnUrl=%2FPlatform%2FUsers", new(), "/Platform");
        Assert.Equal("/Platform/Users", home.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheSecondSignInStepWithoutTheFirstGoesBackToSignIn()
    {
        using var anonymous = new WebSession(app.BaseUrl);
        foreach (var path in new[] { "/Identity/Account/LoginWith2fa", "/Identity/Account/LoginWith2fa?rememberMe=true&returnUrl=%2F", "/Identity/Account/LoginWithRecoveryCode" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.OriginalString);
        }
        var post = await anonymous.PostFormAsync("/Identity/Account/LoginWith2fa", new() { ["Input.TwoFactorCode"] = "123456" }, "/Identity/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);

        // Turning two-factor off, or new recovery codes, while it is off: back to the two-factor settings.
        using var manager = await WebSession.SignInAsync(app, (await app.CreatePlatformManagerAsync()).Email!, "Manager-password-1");
        foreach (var path in new[] { "/Identity/Account/Manage/Disable2fa", "/Identity/Account/Manage/GenerateRecoveryCodes" })
        {
            var response = await manager.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("/Identity/Account/Manage/TwoFactorAuthentication", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task AnUnknownHandlerIsNotFoundAndAMethodWithoutAHandlerIsNotAllowed()
    {
        var org = await app.CreateOrganizationAsync();
        var id = org.Organization.Id;
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        // Signing in is itself audited: both sessions first, then nothing may be written.
        using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var before = await AuditCountAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostFormAsync($"/Org/{id}/Settings?handler=Nope", new(), $"/Org/{id}/Settings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Org/{id}/Users?handler=Nope")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await owner.PostFormAsync($"/Org/{id}", new(), $"/Org/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await manager.PostFormAsync("/Platform", new(), "/Platform")).StatusCode);
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task ListsOpenTheRequestedPage()
    {
        // ?page= used to lose to Razor Pages' own route value "page", so every list showed its first page.
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 100);
        var id = org.Organization.Id;
        var file = new StringBuilder("name,email,role\n");
        for (var i = 0; i < 30; i++) file.Append($"Pager {i:D2},pager-{i}-{Guid.NewGuid():N}@example.test,reporter\n");
        var actor = Domain.Rules.Actor.Person(org.Owner.Id, false, Domain.People.OrgRole.Owner);
        await app.InOrganizationAsync(id, sp => sp.GetRequiredService<Domain.People.MemberCsv>().ApplyAsync(actor, Encoding.UTF8.GetBytes(file.ToString()), false));
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var second = await owner.GetHtmlAsync($"/Org/{id}/Users?page=2");
        Assert.Contains("Pager 29", second);
        Assert.DoesNotContain("Pager 00", second);
    }

    private Task<int> AuditCountAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().AuditEntries.IgnoreQueryFilters().CountAsync());
}
