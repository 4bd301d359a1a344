using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Api;

/// <summary>/api/v1/extensions with organization API keys: CRUD, SIP credentials (once on create, then only with pbx:credentials), isolation, input.</summary>
[Collection(AppCollection.Name)]
public sealed class ExtensionApiTests(OpbxApp app)
{
    [Fact]
    public async Task An_extension_is_created_with_its_credentials_once_listed_read_changed_revealed_and_deleted()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Pat Phone");

        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/extensions",
            new { number = "201", name = "Front desk", membership_id = member.Id, voicemail_pin = "4321" }));
        var extension = created["extension"]!;
        var id = (string)extension["id"]!;
        var credentials = created["sip_credentials"]!;
        Assert.Equal("201", (string?)extension["number"]);
        Assert.Equal("Pat Phone", (string?)extension["member_name"]);
        Assert.True((bool)extension["live"]!);
        Assert.Equal(24, ((string)credentials["password"]!).Length);
        Assert.Equal((string?)extension["sip_username"], (string?)credentials["username"]);
        Assert.Equal("4321", (string?)credentials["voicemail_pin"]);
        Assert.Equal("opbx", (string?)credentials["realm"]);

        // Reading never shows the password again.
        var got = await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/extensions/{id}"));
        Assert.DoesNotContain((string)credentials["password"]!, got.ToJsonString());
        Assert.Contains(id, Ids(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/extensions"))));

        // PATCH: omitted fields stay; "membership_id": null unassigns, and the phone that member held gets a new password.
        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/extensions/{id}", new { name = "Lobby", voicemail_enabled = false }));
        Assert.Equal("Lobby", (string?)patched["name"]);
        Assert.Equal("201", (string?)patched["number"]);
        Assert.Equal(member.Id.ToString(), (string?)patched["membership_id"]);
        Assert.False((bool)patched["voicemail_enabled"]!);
        var unassigned = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/extensions/{id}", """{"membership_id": null}"""));
        Assert.Null(unassigned["membership_id"]);

        var revealed = await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/extensions/{id}/sip-credentials"));
        Assert.Equal((string?)credentials["username"], (string?)revealed["username"]);
        Assert.NotEqual((string?)credentials["password"], (string?)revealed["password"]);
        var viewings = (await new PbxTestKit(app, org).AuditAsync()).Where(e => e.Action == "extension.credentials_viewed").ToList();
        Assert.Equal(id, Assert.Single(viewings).TargetId);
        Assert.Equal(AuditSource.Api, viewings[0].Source);
        Assert.DoesNotContain((string)revealed["password"]!, viewings[0].Changes + viewings[0].Note);

        var reset = await Status(HttpStatusCode.OK, api.PostAsync($"/api/v1/extensions/{id}/sip-credentials/reset"));
        Assert.NotEqual((string?)revealed["password"], (string?)reset["password"]);

        var deleted = await Status(HttpStatusCode.OK, api.DeleteAsync($"/api/v1/extensions/{id}"));
        Assert.Empty(deleted["ring_groups"]!.AsArray());
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/extensions/{id}"));
    }

    [Fact]
    public async Task Sip_credentials_are_only_for_keys_with_pbx_credentials_and_only_owners_and_pbx_admins_may_see_them()
    {
        var org = await app.CreateOrganizationAsync();
        using var owner = ApiClient.Key(app, org);
        var id = (string)(await Status(HttpStatusCode.Created, owner.PostAsync("/api/v1/extensions", new { number = "202" })))["extension"]!["id"]!;

        // A key for a provisioning or reporting tool: reads and writes the PBX, never sees a SIP password again.
        using var tool = await KeyWithScopesAsync(app, org, "pbx:read", "pbx:write");
        await Status(HttpStatusCode.OK, tool.GetAsync($"/api/v1/extensions/{id}"));
        var refused = await Status(HttpStatusCode.Forbidden, tool.GetAsync($"/api/v1/extensions/{id}/sip-credentials"));
        Assert.Contains("pbx:credentials", (string?)refused["detail"]);
        await Status(HttpStatusCode.Forbidden, tool.PostAsync($"/api/v1/extensions/{id}/sip-credentials/reset"));
        Assert.DoesNotContain((await new PbxTestKit(app, org).AuditAsync()), e => e.Action == "extension.credentials_viewed");

        // The rule behind it, for people: owners and PBX admins yes, PBX users and reporters no.
        foreach (var (role, allowed) in new[] { (OrgRole.Owner, true), (OrgRole.PbxAdmin, true), (OrgRole.PbxUser, false), (OrgRole.Reporter, false) })
            Assert.Equal(allowed, AccessRules.ViewSipCredentials(Actor.Person(Guid.NewGuid(), false, role)).IsAllowed);
        var pbxUser = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        await Assert.ThrowsAsync<RuleViolationException>(() => new PbxTestKit(app, org).Service<ExtensionService, SipAccount>(s =>
            s.RevealAsync(Actor.Person(pbxUser.AccountId, false, OrgRole.PbxUser), Guid.Parse(id))));
    }

    [Fact]
    public async Task Keys_without_the_pbx_scopes_are_refused()
    {
        var org = await app.CreateOrganizationAsync();
        using var reader = await KeyWithScopesAsync(app, org, "users:read");
        var list = await Status(HttpStatusCode.Forbidden, reader.GetAsync("/api/v1/extensions"));
        Assert.Contains("pbx:read", (string?)list["detail"]);
        var write = await Status(HttpStatusCode.Forbidden, reader.PostAsync("/api/v1/ring-groups", new { number = "600", name = "G", strategy = "sequential" }));
        Assert.Contains("pbx:write", (string?)write["detail"]);
        using var owner = ApiClient.Key(app, org);
        Assert.Empty((await Status(HttpStatusCode.OK, owner.GetAsync("/api/v1/ring-groups")))["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_organizations_extension_is_not_found()
    {
        var mine = await app.CreateOrganizationAsync();
        var theirs = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, mine);
        using var other = ApiClient.Key(app, theirs);
        var id = (string)(await Status(HttpStatusCode.Created, other.PostAsync("/api/v1/extensions", new { number = "203" })))["extension"]!["id"]!;

        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/extensions/{id}"));
        await Status(HttpStatusCode.NotFound, api.PatchAsync($"/api/v1/extensions/{id}", new { name = "Taken over" }));
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/extensions/{id}/sip-credentials"));
        await Status(HttpStatusCode.NotFound, api.PostAsync($"/api/v1/extensions/{id}/sip-credentials/reset"));
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/extensions/{id}/usage"));
        await Status(HttpStatusCode.NotFound, api.DeleteAsync($"/api/v1/extensions/{id}"));
        Assert.DoesNotContain(id, Ids(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/extensions?page_size=200"))));
        // Their member cannot be given my extension either (and is not named).
        var theirMember = await app.AddMemberAsync(theirs.Organization.Id, "pbx_user");
        await FieldErrors(api.PostAsync("/api/v1/extensions", new { number = "204", membership_id = theirMember.Id }), "membership_id");
        // Still theirs, unchanged.
        Assert.Equal("203", (string?)(await Status(HttpStatusCode.OK, other.GetAsync($"/api/v1/extensions/{id}")))["number"]);
    }

    [Theory]
    [InlineData("""{"number": 201}""", "number")]
    [InlineData("""{"number": "205", "voicemail_enabled": "yes"}""", "voicemail_enabled")]
    [InlineData("""{"number": "205", "membership_id": "not-a-guid"}""", "membership_id")]
    [InlineData("""{"number": "205", "sip_user": "mine"}""", "sip_user")]
    [InlineData("""{"number": ["205"]}""", "number")]
    [InlineData("""[{"number": "205"}]""", "body")]
    [InlineData("""{"number": "205" """, "body")]
    [InlineData("""{"number": "1", "sip_password": "short", "voicemail_pin": "12"}""", "number", "sip_password", "voicemail_pin")]
    [InlineData("""{"number": "205", "name": "Line\nbreak"}""", "name")]
    public async Task Bad_input_is_a_400_naming_every_bad_field(string json, params string[] fields)
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        await FieldErrors(api.PostRawAsync("/api/v1/extensions", json), fields);
        Assert.Empty((await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/extensions")))["items"]!.AsArray());
        await FieldErrors(api.GetAsync("/api/v1/extensions?page=0&page_size=500"), "page", "page_size");
    }

    [Fact]
    public async Task A_hostile_name_is_kept_as_data_and_never_reaches_the_asterisk_files_raw()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        const string hostile = "Lobby;[evil]=x,\"}$(";
        var since = DateTimeOffset.UtcNow;
        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/extensions", new { number = "206", name = hostile }));
        Assert.Equal(hostile, (string?)created["extension"]!["name"]);
        Assert.Equal(hostile, (string?)(await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/extensions/{created["extension"]!["id"]}")))["name"]);

        await app.SettledDeploysAsync(since);
        var folder = Path.Combine(app.Services.GetRequiredService<ConfigFolder>().Root, "orgs", org.Organization.Slug);
        var text = string.Concat(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("Lobby evil x", text);   // neutralized by the one config writer
        Assert.DoesNotContain("[evil]", text);
        Assert.DoesNotContain(";[", text);
    }

    [Fact]
    public async Task Deleting_an_extension_or_its_member_takes_it_out_of_ring_groups_and_queues()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxQueues = 2);
        using var api = ApiClient.Key(app, org);
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var mine = (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/extensions", new { number = "210", membership_id = member.Id })))["extension"]!["id"]!;
        var lobby = (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/extensions", new { number = "211" })))["extension"]!["id"]!;
        var group = (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/ring-groups",
            new { number = "600", name = "Desk", strategy = "simultaneous", member_ids = new[] { mine, lobby } })))["id"]!;
        var queue = (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/queues",
            new { number = "700", name = "Support", strategy = "ringall", member_ids = new[] { lobby, mine } })))["id"]!;

        var usage = await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/extensions/{lobby}/usage"));
        Assert.Equal(["ring group 600"], usage["ring_groups"]!.AsArray().Select(x => (string?)x));
        var deleted = await Status(HttpStatusCode.OK, api.DeleteAsync($"/api/v1/extensions/{lobby}"));
        Assert.Equal(["queue 700"], deleted["queues"]!.AsArray().Select(x => (string?)x));
        Assert.Equal([mine], (await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/ring-groups/{group}")))["member_ids"]!.AsArray().Select(x => (string?)x));

        // Deleting the member (users API): their extension leaves the group and the queue too.
        await Status(HttpStatusCode.NoContent, api.DeleteAsync($"/api/v1/users/{member.Id}"));
        Assert.Empty((await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/ring-groups/{group}")))["member_ids"]!.AsArray());
        Assert.Empty((await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/queues/{queue}")))["member_ids"]!.AsArray());
    }
}
