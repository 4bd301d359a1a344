using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Access;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Org;

[Collection(AppCollection.Name)]
public sealed class OrganizationApiTests(OpbxApp app)
{
    private static string Email(string stem = "u") => $"{stem}-{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task UsersCanBeListedCreatedReadChangedAndDeleted()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var email = Email();
        var create = await api.PostAsync("/api/v1/users", new { name = "Pat Phone", email, role = "pbx_user", extension = "201", password = "Member-password-1" });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var user = await ApiClient.JsonAsync(create);
        var id = (string)user["id"]!;
        Assert.Equal("pbx_user", (string?)user["role"]);
        Assert.Equal("active", (string?)user["status"]);
        Assert.Equal("201", (string?)user["extension"]);
        Assert.True((bool)user["extension_live"]!);

        var list = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/users?role=pbx_user&q=Pat"));
        Assert.Equal(id, (string?)list["items"]!.AsArray().Single()!["id"]);

        var patch = await api.PatchAsync($"/api/v1/users/{id}", new { role = "reporter", status = "inactive", name = "Pat Reporter" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var patched = await ApiClient.JsonAsync(patch);
        Assert.Equal("reporter", (string?)patched["role"]);
        Assert.Equal("inactive", (string?)patched["status"]);
        Assert.False((bool)patched["extension_live"]!);   // an inactive member's extension does not register or ring

        var active = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/users"));
        Assert.DoesNotContain(active["items"]!.AsArray(), u => (string?)u!["id"] == id);  // default filter: active
        var all = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/users?status=all"));
        Assert.Contains(all["items"]!.AsArray(), u => (string?)u!["id"] == id);

        var removeExtension = await ApiClient.JsonAsync(await api.PatchAsync($"/api/v1/users/{id}", """{"extension": null}"""));
        Assert.Null(removeExtension["extension"]);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/users/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"A","email":"not-an-email","role":"pbx_user","password":"Member-password-1"}""", "email")]
    [InlineData("""{"name":"A","email":"a@x.test","role":"Owner","password":"Member-password-1"}""", "role")]
    [InlineData("""{"name":"A","email":"a@x.test","role":"PBX_USER","password":"Member-password-1"}""", "role")]
    [InlineData("""{"name":"A","email":"a@x.test","role":"pbx_user","extension":"12a","password":"Member-password-1"}""", "extension")]
    [InlineData("""{"name":"","email":"a@x.test","role":"pbx_user","password":"Member-password-1"}""", "name")]
    [InlineData("""{"email":"a@x.test","role":"pbx_user","password":"short"}""", "password")]
    [InlineData("""{"name":"A","email":"a@x.test","role":"pbx_user","shoe_size":42}""", "shoe_size")]
    public async Task BadInputGetsFieldErrors(string json, string field)
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        json = json.Replace("a@x.test", Email());
        if (field == "name") json = json.Replace("\"name\":\"\"", "\"name\":\"" + new string('x', 101) + "\"");
        var response = await api.PostRawAsync("/api/v1/users", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiClient.JsonAsync(response);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task DuplicatesTakenExtensionsAndSeatLimitsAreRefused()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 2);
        using var api = ApiClient.Key(app, org);
        var email = Email();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/users", new { name = "A", email, role = "pbx_user", extension = "300", password = "Member-password-1" })).StatusCode);

        var again = await api.PostAsync("/api/v1/users", new { name = "A", email = email.ToUpperInvariant(), role = "pbx_user", password = "Member-password-1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var full = await api.PostAsync("/api/v1/users", new { name = "B", email = Email(), role = "pbx_user", password = "Member-password-1" });
        Assert.Equal(HttpStatusCode.Forbidden, full.StatusCode);
        var problem = await ApiClient.JsonAsync(full);
        Assert.Equal(2, (int)problem["limit"]!);
        Assert.Equal(2, (int)problem["current"]!);

        // An inactive member does not use a seat.
        var list = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/users?role=pbx_user"));
        var id = (string)list["items"]![0]!["id"]!;
        await api.PatchAsync($"/api/v1/users/{id}", new { status = "inactive" });
        var taken = await api.PostAsync("/api/v1/users", new { name = "C", email = Email(), role = "pbx_user", extension = "300", password = "Member-password-1" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("already taken", (await ApiClient.JsonAsync(taken))["errors"]!["extension"]![0]!.ToString());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/users", new { name = "C", email = Email(), role = "pbx_user", password = "Member-password-1" })).StatusCode);
        // Reactivating would exceed the seats again.
        var reactivate = await api.PatchAsync($"/api/v1/users/{id}", new { status = "active" });
        Assert.Equal(HttpStatusCode.Forbidden, reactivate.StatusCode);
    }

    [Fact]
    public async Task AddingAMemberWithAnUnassignedExtensionsNumberHandsThemThatExtension()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var extension = await ApiClient.JsonAsync(await api.PostAsync("/api/v1/extensions", new { number = "205", name = "Desk" }));
        var create = await api.PostAsync("/api/v1/users", new { name = "Dee Desk", email = Email(), role = "pbx_user", extension = "205", password = "Member-password-1" });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var user = await ApiClient.JsonAsync(create);
        var held = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/extensions/{extension["extension"]!["id"]}"));
        Assert.Equal((string?)user["id"], (string?)held["membership_id"]);
        Assert.Equal("205", (string?)user["extension"]);
    }

    [Fact]
    public async Task TheLastOwnerStays()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var owners = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/users?role=owner"));
        var ownerId = (string)owners["items"]![0]!["id"]!;

        var delete = await api.DeleteAsync($"/api/v1/users/{ownerId}");
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal("Cannot delete the last owner in the organization.", (string?)(await ApiClient.JsonAsync(delete))["detail"]);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PatchAsync($"/api/v1/users/{ownerId}", new { role = "pbx_admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PatchAsync($"/api/v1/users/{ownerId}", new { status = "inactive" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PatchAsync($"/api/v1/users/{ownerId}", new { status = "Inactive" })).StatusCode);

        // With a second owner, the first can go.
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/users", new { name = "Second", email = Email(), role = "owner", password = "Member-password-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{ownerId}")).StatusCode);
    }

    [Fact]
    public async Task AnotherOrganizationsUsersAreNotFound()
    {
        var a = await app.CreateOrganizationAsync();
        var b = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(b.Organization.Id, "pbx_user");
        using var api = ApiClient.Key(app, a);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/users/{member.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PatchAsync($"/api/v1/users/{member.Id}", new { name = "Taken over" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/v1/users/{member.Id}")).StatusCode);
        var list = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/users?status=all&page_size=200"));
        Assert.DoesNotContain(list["items"]!.AsArray(), u => (string?)u!["id"] == member.Id.ToString());
        var audit = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/audit-log?page_size=200"));
        Assert.DoesNotContain(audit["items"]!.AsArray(), e => ((string?)e!["target_name"])?.Contains(b.Organization.Name) == true);
        // A platform token is no organization key.
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task AMemberInAnotherOrganizationKeepsTheirCredentials()
    {
        var a = await app.CreateOrganizationAsync();
        var b = await app.CreateOrganizationAsync();
        var shared = await app.AddMemberAsync(b.Organization.Id, "pbx_user");
        var inA = await app.AddMemberAsync(a.Organization.Id, "pbx_user", email: shared.Account!.Email);
        // An owner of A (signed in, not a key) may not change the email of someone B relies on.
        var ownerActor = Actor.Person(a.Owner.Id, false, Domain.People.OrgRole.Owner);
        var error = await Assert.ThrowsAsync<RuleViolationException>(() => app.InOrganizationAsync(a.Organization.Id, sp =>
        {
            return sp.GetRequiredService<Domain.People.MemberService>().UpdateAsync(ownerActor, inA.Id, new Domain.People.MemberUpdate { Email = Email("stolen") });
        }));
        Assert.Equal(AccessRules.CrossTenantCredentials, error.Message);
    }

    [Fact]
    public async Task KeysNeedTheirScopeALiveSecretAndAnActiveOrganization()
    {
        var org = await app.CreateOrganizationAsync();
        var owner = Actor.Person(org.Owner.Id, false, Domain.People.OrgRole.Owner);
        var readOnly = await app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<ApiKeyService>().CreateAsync(owner, "read only", ["users:read"]);
        });
        using (var reader = ApiClient.Basic(app, readOnly.Key.KeyId, readOnly.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/users")).StatusCode);
            var write = await reader.PostAsync("/api/v1/users", new { name = "X", email = Email(), role = "pbx_user" });
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
            Assert.Contains("users:write", (string?)(await ApiClient.JsonAsync(write))["detail"]);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/audit-log")).StatusCode);
        }

        // Rotating the secret refuses the old one at once.
        using var old = ApiClient.Key(app, org);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/api/v1/users")).StatusCode);
        var rotated = await app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var key = db.ApiKeys.Single(k => k.KeyId == org.ApiKeyId);
            return sp.GetRequiredService<ApiKeyService>().RotateAsync(owner, key.Id);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/v1/users")).StatusCode);
        using var fresh = ApiClient.Basic(app, org.ApiKeyId, rotated.Secret);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/users")).StatusCode);

        // A suspended organization's keys get 401.
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SuspendAsync(admin, org.Organization.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.GetAsync("/api/v1/users")).StatusCode);

        using var wrong = ApiClient.Basic(app, org.ApiKeyId, "not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task TheDailyQuotaAnswers429WithRetryAfter()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxRequestsPerDay = 3);
        using var api = ApiClient.Key(app, org);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/users")).StatusCode);
        var over = await api.GetAsync("/api/v1/users");
        Assert.Equal((HttpStatusCode)429, over.StatusCode);
        var retryAfter = int.Parse(over.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 86_400);
        Assert.Equal(3, (int)(await ApiClient.JsonAsync(over))["limit"]!);
    }

    [Fact]
    public async Task ComplianceAndTheAuditLog()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var get = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/compliance"));
        Assert.Equal("none", (string?)get["recording_consent_mode"]);

        var put = await api.PutAsync("/api/v1/compliance", new { recording_consent_mode = "opt_in", cdr_retention_days = 90, recording_retention_days = 30, pii_masking = true });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("opt_in", (string?)(await ApiClient.JsonAsync(put))["recording_consent_mode"]);
        var bad = await api.PutAsync("/api/v1/compliance", new { recording_consent_mode = "OPT_IN", cdr_retention_days = 0, recording_retention_days = 30 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await ApiClient.JsonAsync(bad))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("recording_consent_mode") && errors.ContainsKey("pii_masking"));

        var audit = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/audit-log?action=organization."));
        var entry = audit["items"]!.AsArray().First(e => (string?)e!["action"] == "organization.updated")!;
        Assert.Equal("opt_in", (string?)entry["changes"]!["recording_consent_mode"]!["to"]);
        Assert.Equal("api", (string?)entry["source"]);
        Assert.StartsWith("api key", (string?)entry["actor"]);
    }

    [Fact]
    public async Task InvitingSendsTheInvitation()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var email = Email("invitee");
        var invite = await api.PostAsync("/api/v1/org-users/invite", new { name = "Ivy Invitee", email, role = "reporter" });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var message = await app.Mail.WaitForAsync(email, org.Organization.Name);
        Assert.Contains("/invite?", message.Html);
        Assert.Contains("Reporter", message.Html);
    }
}
