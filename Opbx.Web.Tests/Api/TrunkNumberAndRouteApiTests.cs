using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Api;

/// <summary>/api/v1/trunks, /api/v1/dids, /api/v1/outbound-routes and /api/v1/emergency-numbers with organization API keys.</summary>
[Collection(AppCollection.Name)]
public sealed class TrunkNumberAndRouteApiTests(OpbxApp app)
{
    private static object Carrier(string name = "Carrier") => new
    {
        name, host = "203.0.113.10", port = 5061, transport = "tls", username = "acct-1", password = "Carrier-pass.1", register = true,
        inbound_match = new[] { "203.0.113.0/28" }, max_channels = 4,
    };

    private static async Task<string> TrunkAsync(ApiClient api, string name = "Carrier") =>
        (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/trunks", Carrier(name))))["id"]!;

    [Fact]
    public async Task A_trunk_is_created_without_showing_its_password_changed_deleted_and_max_trunks_answers_403_with_limit_and_current()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxTrunks = 1);
        using var api = ApiClient.Key(app, org);
        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/trunks", Carrier()));
        var id = (string)created["id"]!;
        Assert.True((bool)created["has_password"]!);
        Assert.False((bool)created["shared"]!);
        Assert.Equal("tls", (string?)created["transport"]);
        Assert.DoesNotContain("Carrier-pass.1", created.ToJsonString());

        var full = await Status(HttpStatusCode.Forbidden, api.PostAsync("/api/v1/trunks", Carrier("Second")));
        Assert.Equal(1, (int)full["limit"]!);
        Assert.Equal(1, (int)full["current"]!);

        // PATCH keeps what is left out, the password included.
        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/trunks/{id}", new { name = "Renamed", max_channels = 8 }));
        Assert.Equal("Renamed", (string?)patched["name"]);
        Assert.Equal(8, (int)patched["max_channels"]!);
        Assert.True((bool)patched["has_password"]!);
        Assert.True((bool)patched["register"]!);
        Assert.Equal(["203.0.113.0/28"], patched["inbound_match"]!.AsArray().Select(x => (string?)x));
        Assert.Contains(id, Ids(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/trunks"))));

        await FieldErrors(api.PatchAsync($"/api/v1/trunks/{id}", new { host = "bad host;[x]", port = 0, transport = "sctp", inbound_match = new[] { "10.0.0.0/8" } }),
            "host", "port", "transport", "inbound_match");
        await FieldErrors(api.PatchAsync($"/api/v1/trunks/{id}", """{"port": "five"}"""), "port");
        await Status(HttpStatusCode.OK, api.DeleteAsync($"/api/v1/trunks/{id}"));
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/trunks/{id}"));
    }

    [Fact]
    public async Task A_number_is_added_routed_and_removed_and_max_dids_answers_403_with_limit_and_current()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxDids = 1);
        using var api = ApiClient.Key(app, org);
        var trunk = await TrunkAsync(api);
        var extension = (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/extensions", new { number = "401" })))["extension"]!["id"]!;
        var number = PbxTestKit.NewNumber();

        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/dids",
            new { number, trunk_id = trunk, destination = new { kind = "extension", target_id = extension } }));
        var id = (string)created["id"]!;
        Assert.Equal(number, (string?)created["number"]);
        Assert.False((bool)created["platform_number"]!);
        Assert.Equal(extension, (string?)created["destination"]!["target_id"]);

        var full = await Status(HttpStatusCode.Forbidden, api.PostAsync("/api/v1/dids", new { number = PbxTestKit.NewNumber(), trunk_id = trunk }));
        Assert.Equal(1, (int)full["limit"]!);
        Assert.Equal(1, (int)full["current"]!);

        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/dids/{id}", new { destination = new { kind = "hangup" } }));
        Assert.Equal("hangup", (string?)patched["destination"]!["kind"]);
        Assert.Equal(trunk, (string?)patched["trunk_id"]);
        // A trunk with numbers on it stays until they are gone.
        await Status(HttpStatusCode.Conflict, api.DeleteAsync($"/api/v1/trunks/{trunk}"));
        await FieldErrors(api.PostAsync("/api/v1/dids", new { number = "0301234", trunk_id = trunk }), "number");

        await Status(HttpStatusCode.NoContent, api.DeleteAsync($"/api/v1/dids/{id}"));
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/dids/{id}"));
        await Status(HttpStatusCode.OK, api.DeleteAsync($"/api/v1/trunks/{trunk}"));
    }

    [Fact]
    public async Task Another_organizations_number_is_a_409_that_does_not_say_whose()
    {
        var holder = await app.CreateOrganizationAsync(name: "Holder " + Guid.NewGuid().ToString("N")[..8]);
        var other = await app.CreateOrganizationAsync();
        using var holderApi = ApiClient.Key(app, holder);
        using var api = ApiClient.Key(app, other);
        var number = PbxTestKit.NewNumber();
        var held = (string)(await Status(HttpStatusCode.Created, holderApi.PostAsync("/api/v1/dids", new { number, trunk_id = await TrunkAsync(holderApi) })))["id"]!;

        var taken = await Status(HttpStatusCode.Conflict, api.PostAsync("/api/v1/dids", new { number, trunk_id = await TrunkAsync(api) }));
        Assert.Equal(DidService.Taken, (string?)taken["detail"]);
        Assert.DoesNotContain(holder.Organization.Name, taken.ToJsonString());
        Assert.DoesNotContain(holder.Organization.Id.ToString(), taken.ToJsonString());
        Assert.DoesNotContain(held, taken.ToJsonString());
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/dids/{held}"));
        await Status(HttpStatusCode.NotFound, api.PatchAsync($"/api/v1/dids/{held}", new { destination = new { kind = "hangup" } }));
        await Status(HttpStatusCode.NotFound, api.DeleteAsync($"/api/v1/dids/{held}"));
        Assert.Empty((await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/dids")))["items"]!.AsArray());
    }

    [Fact]
    public async Task Outbound_routes_and_emergency_numbers_are_created_changed_and_deleted_with_the_organizations_own_trunks_and_numbers()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxTrunks = 2);
        var theirs = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        using var other = ApiClient.Key(app, theirs);
        var trunk = await TrunkAsync(api, "First");
        var backup = await TrunkAsync(api, "Backup");
        var did = (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/dids", new { number = PbxTestKit.NewNumber(), trunk_id = trunk })))["id"]!;
        var theirTrunk = await TrunkAsync(other);

        var route = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/outbound-routes", new
        {
            name = "National", patterns = new object[] { new { pattern = "_0NXXXXXXX.", strip = 1, prepend = "+49" }, new { pattern = "_00." } },
            trunk_ids = new[] { trunk, backup }, caller_id_did_id = did,
        }));
        var routeId = (string)route["id"]!;
        Assert.Equal("_0NXXXXXXX.", (string?)route["patterns"]![0]!["pattern"]);
        Assert.Equal("+49", (string?)route["patterns"]![0]!["prepend"]);
        Assert.Equal(["First", "Backup"], route["trunk_names"]!.AsArray().Select(x => (string?)x));
        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/outbound-routes/{routeId}", new { trunk_ids = new[] { backup, trunk } }));
        Assert.Equal(["Backup", "First"], patched["trunk_names"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(did, (string?)patched["caller_id_did_id"]);
        Assert.Equal(2, patched["patterns"]!.AsArray().Count);

        await FieldErrors(api.PostAsync("/api/v1/outbound-routes", new { name = "", patterns = new[] { new { pattern = "_X.;Dial(PJSIP/x)" } }, trunk_ids = new[] { trunk } }),
            "name", "patterns");
        await FieldErrors(api.PostRawAsync("/api/v1/outbound-routes", $$"""{"name": "N", "patterns": [null], "trunk_ids": ["{{trunk}}"]}"""), "patterns");
        await FieldErrors(api.PostAsync("/api/v1/outbound-routes", new { name = "Theirs", patterns = new[] { new { pattern = "_9X." } }, trunk_ids = new[] { theirTrunk } }), "trunk_ids");

        var emergency = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/emergency-numbers", new { number = "112", caller_id_did_id = did, trunk_ids = new[] { trunk } }));
        var emergencyId = (string)emergency["id"]!;
        Assert.Equal((string?)route["caller_id"], (string?)emergency["caller_id"]);
        var moved = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/emergency-numbers/{emergencyId}", new { trunk_ids = new[] { backup } }));
        Assert.Equal(["Backup"], moved["trunk_names"]!.AsArray().Select(x => (string?)x));
        await FieldErrors(api.PostAsync("/api/v1/emergency-numbers", new { number = "911", trunk_ids = new[] { trunk } }), "caller_id_did_id");

        foreach (var path in new[] { $"/api/v1/outbound-routes/{routeId}", $"/api/v1/emergency-numbers/{emergencyId}" })
        {
            await Status(HttpStatusCode.NotFound, other.GetAsync(path));
            await Status(HttpStatusCode.NotFound, other.PatchAsync(path, new { trunk_ids = new[] { theirTrunk } }));
            await Status(HttpStatusCode.NotFound, other.DeleteAsync(path));
            await Status(HttpStatusCode.NoContent, api.DeleteAsync(path));
            await Status(HttpStatusCode.NotFound, api.GetAsync(path));
        }
        await Status(HttpStatusCode.NotFound, other.GetAsync($"/api/v1/trunks/{trunk}"));
        await Status(HttpStatusCode.NotFound, other.PatchAsync($"/api/v1/trunks/{trunk}", new { name = "Mine" }));
        await Status(HttpStatusCode.NotFound, other.DeleteAsync($"/api/v1/trunks/{trunk}"));
    }

    [Fact]
    public async Task A_shared_trunk_is_listed_by_name_for_routes_and_only_the_platform_changes_it()
    {
        var admin = await app.AdminActorAsync();
        var shared = await app.WithScopeAsync(sp => sp.GetRequiredService<TrunkService>().CreateSharedAsync(admin, new TrunkInput { Name = $"Provider {Guid.NewGuid():N}", Host = "198.51.100.20", Username = "provider", Password = "Provider-pass.1" }));
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);

        var seen = await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/trunks/{shared.Id}"));
        Assert.True((bool)seen["shared"]!);
        Assert.Null(seen["host"]);
        Assert.Null(seen["username"]);
        var refused = await Status(HttpStatusCode.Forbidden, api.PatchAsync($"/api/v1/trunks/{shared.Id}", new { name = "Mine now" }));
        Assert.Equal(AccessRules.OnlySharedTrunks, (string?)refused["detail"]);
        await Status(HttpStatusCode.Forbidden, api.DeleteAsync($"/api/v1/trunks/{shared.Id}"));
        await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/outbound-routes", new { name = "Via provider", patterns = new[] { new { pattern = "_0X." } }, trunk_ids = new[] { shared.Id } }));
        // A number on the shared trunk is the platform's to give.
        await Status(HttpStatusCode.Forbidden, api.PostAsync("/api/v1/dids", new { number = PbxTestKit.NewNumber(), trunk_id = shared.Id }));
    }
}
