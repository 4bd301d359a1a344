using System.Net;
using System.Text.Json.Nodes;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Api;

/// <summary>/api/v1/shared-trunks and /api/v1/numbers with a platform token; the PBX operations in the OpenAPI document.</summary>
[Collection(AppCollection.Name)]
public sealed class PlatformPbxApiTests(OpbxApp app)
{
    [Fact]
    public async Task Shared_trunks_are_created_listed_changed_and_deleted_with_a_platform_token_only()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var name = $"Provider {Guid.NewGuid():N}";

        var created = await Status(HttpStatusCode.Created, platform.PostAsync("/api/v1/shared-trunks",
            new { name, host = "sip.provider.example", transport = "udp", username = "provider", password = "Provider-pass.1", register = true }));
        var id = (string)created["id"]!;
        Assert.True((bool)created["shared"]!);
        Assert.Equal("sip.provider.example", (string?)created["host"]);
        Assert.DoesNotContain("Provider-pass.1", created.ToJsonString());
        Assert.Contains(id, Ids(await Status(HttpStatusCode.OK, platform.GetAsync("/api/v1/shared-trunks?page_size=200"))));
        await Status(HttpStatusCode.Conflict, platform.PostAsync("/api/v1/shared-trunks", new { name, host = "203.0.113.7" }));

        var patched = await Status(HttpStatusCode.OK, platform.PatchAsync($"/api/v1/shared-trunks/{id}", new { port = 5080, max_channels = 30 }));
        Assert.Equal(5080, (int)patched["port"]!);
        Assert.True((bool)patched["has_password"]!);
        Assert.Equal(name, (string?)patched["name"]);
        await FieldErrors(platform.PatchAsync($"/api/v1/shared-trunks/{id}", new { name = "", host = "", transport = "carrier-pigeon" }), "name", "host", "transport");

        // An organization's own trunk is not a shared trunk; an organization key is no platform token.
        var own = (string)(await Status(HttpStatusCode.Created, key.PostAsync("/api/v1/trunks", new { name = "Own", host = "203.0.113.9" })))["id"]!;
        await Status(HttpStatusCode.NotFound, platform.GetAsync($"/api/v1/shared-trunks/{own}"));
        await Status(HttpStatusCode.NotFound, platform.DeleteAsync($"/api/v1/shared-trunks/{own}"));
        Assert.DoesNotContain(own, Ids(await Status(HttpStatusCode.OK, platform.GetAsync("/api/v1/shared-trunks?page_size=200"))));
        await Status(HttpStatusCode.Unauthorized, key.GetAsync("/api/v1/shared-trunks"));
        await Status(HttpStatusCode.Unauthorized, key.PostAsync("/api/v1/numbers", new { number = PbxTestKit.NewNumber() }));

        await Status(HttpStatusCode.OK, platform.DeleteAsync($"/api/v1/shared-trunks/{id}"));
        await Status(HttpStatusCode.NotFound, platform.GetAsync($"/api/v1/shared-trunks/{id}"));
    }

    [Fact]
    public async Task A_number_is_added_to_the_inventory_assigned_moved_released_and_removed()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var trunk = (string)(await Status(HttpStatusCode.Created, platform.PostAsync("/api/v1/shared-trunks",
            new { name = $"Carrier {Guid.NewGuid():N}", host = "198.51.100.30" })))["id"]!;
        var first = await app.CreateOrganizationAsync(configure: s => s.MaxDids = 1);
        var second = await app.CreateOrganizationAsync(configure: s => s.MaxDids = 1);
        using var firstApi = ApiClient.Key(app, first);
        using var secondApi = ApiClient.Key(app, second);
        var number = PbxTestKit.NewNumber();

        var added = await Status(HttpStatusCode.Created, platform.PostAsync("/api/v1/numbers", new { number, trunk_id = trunk }));
        var id = (string)added["id"]!;
        Assert.Null(added["organization_id"]);
        Assert.True((bool)added["trunk_shared"]!);
        Assert.Contains(id, Ids(await Status(HttpStatusCode.OK, platform.GetAsync($"/api/v1/numbers?free=true&q={Uri.EscapeDataString(number)}"))));
        var taken = await Status(HttpStatusCode.Conflict, platform.PostAsync("/api/v1/numbers", new { number }));
        Assert.Equal(DidService.Taken, (string?)taken["detail"]);

        var assigned = await Status(HttpStatusCode.OK, platform.PostAsync($"/api/v1/numbers/{id}/assign", new { organization_id = first.Organization.Id }));
        Assert.Equal(first.Organization.Name, (string?)assigned["organization_name"]);
        var held = await Status(HttpStatusCode.OK, firstApi.GetAsync($"/api/v1/dids/{id}"));
        Assert.True((bool)held["platform_number"]!);
        // The holder routes it, but only the platform releases it.
        var extension = (string)(await Status(HttpStatusCode.Created, firstApi.PostAsync("/api/v1/extensions", new { number = "501" })))["extension"]!["id"]!;
        await Status(HttpStatusCode.OK, firstApi.PatchAsync($"/api/v1/dids/{id}", new { destination = new { kind = "extension", target_id = extension } }));
        await Status(HttpStatusCode.Forbidden, firstApi.DeleteAsync($"/api/v1/dids/{id}"));
        // Another organization adding the same number on its own trunk: 409, without saying whose.
        var ownTrunk = (string)(await Status(HttpStatusCode.Created, secondApi.PostAsync("/api/v1/trunks", new { name = "Own", host = "203.0.113.11" })))["id"]!;
        var conflict = await Status(HttpStatusCode.Conflict, secondApi.PostAsync("/api/v1/dids", new { number, trunk_id = ownTrunk }));
        Assert.DoesNotContain(first.Organization.Name, conflict.ToJsonString());
        var listed = await Status(HttpStatusCode.OK, platform.GetAsync($"/api/v1/numbers?organization_id={first.Organization.Id}"));
        Assert.Equal([id], Ids(listed));

        // The second organization's limit of one is reached: 403 with limit and current; then moved once it has room.
        var other = await Status(HttpStatusCode.Created, platform.PostAsync("/api/v1/numbers", new { number = PbxTestKit.NewNumber(), trunk_id = trunk }));
        await Status(HttpStatusCode.OK, platform.PostAsync($"/api/v1/numbers/{other["id"]}/assign", new { organization_id = second.Organization.Id }));
        var full = await Status(HttpStatusCode.Forbidden, platform.PostAsync($"/api/v1/numbers/{id}/assign", new { organization_id = second.Organization.Id }));
        Assert.Equal(1, (int)full["limit"]!);
        Assert.Equal(1, (int)full["current"]!);
        await Status(HttpStatusCode.OK, platform.PostAsync($"/api/v1/numbers/{other["id"]}/release"));
        var moved = await Status(HttpStatusCode.OK, platform.PostAsync($"/api/v1/numbers/{id}/assign", new { organization_id = second.Organization.Id }));
        Assert.Equal(second.Organization.Id.ToString(), (string?)moved["organization_id"]);
        Assert.Equal("hangup", (string?)moved["destination_kind"]);   // it arrives hung up until its new holder routes it
        await Status(HttpStatusCode.NotFound, firstApi.GetAsync($"/api/v1/dids/{id}"));
        Assert.Equal(number, (string?)(await Status(HttpStatusCode.OK, secondApi.GetAsync($"/api/v1/dids/{id}")))["number"]);

        var released = await Status(HttpStatusCode.OK, platform.PostAsync($"/api/v1/numbers/{id}/release"));
        Assert.Null(released["organization_id"]);
        await Status(HttpStatusCode.NotFound, secondApi.GetAsync($"/api/v1/dids/{id}"));

        await Status(HttpStatusCode.NotFound, platform.PostAsync($"/api/v1/numbers/{id}/assign", new { organization_id = Guid.NewGuid() }));
        await FieldErrors(platform.PostAsync($"/api/v1/numbers/{id}/assign", new { }), "organization_id");
        await FieldErrors(platform.PostRawAsync($"/api/v1/numbers/{id}/assign", """{"organization_id": 5}"""), "organization_id");
        await FieldErrors(platform.PostAsync("/api/v1/numbers", new { number = "12345" }), "number");
        await Status(HttpStatusCode.NotFound, platform.PostAsync($"/api/v1/numbers/{Guid.NewGuid()}/release"));
        await Status(HttpStatusCode.NoContent, platform.DeleteAsync($"/api/v1/numbers/{id}"));
        Assert.Empty((await Status(HttpStatusCode.OK, platform.GetAsync($"/api/v1/numbers?q={Uri.EscapeDataString(number)}")))["items"]!.AsArray());
    }

    [Fact]
    public async Task Every_PBX_operation_is_documented_with_a_summary_its_request_body_and_its_responses()
    {
        using var anonymous = ApiClient.Anonymous(app);
        var doc = JsonNode.Parse(await (await anonymous.GetAsync("/api-docs/v1/openapi.json")).Content.ReadAsStringAsync())!;
        var paths = doc["paths"]!.AsObject();
        string[] prefixes = ["/api/v1/extensions", "/api/v1/ring-groups", "/api/v1/queues", "/api/v1/trunks", "/api/v1/dids", "/api/v1/outbound-routes",
            "/api/v1/emergency-numbers", "/api/v1/shared-trunks", "/api/v1/numbers"];
        Assert.NotNull(paths["/api/v1/extensions/{id}/sip-credentials"]);
        Assert.NotNull(paths["/api/v1/numbers/{id}/assign"]);
        var operations = 0;
        foreach (var (path, item) in paths.Where(p => prefixes.Any(p.Key.StartsWith)))
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "post" or "patch" or "put" or "delete"))
            {
                operations++;
                var what = $"{method.ToUpperInvariant()} {path}";
                Assert.False(string.IsNullOrWhiteSpace((string?)operation!["summary"]), $"{what} has no summary");
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{what} lacks 401/403");
                Assert.Contains(responses, r => r.Key.StartsWith('2'));
                if (path.EndsWith("}", StringComparison.Ordinal)) Assert.True(responses.ContainsKey("404"), $"{what} lacks 404");
                if (method is "patch" || (method is "post" && !path.EndsWith("/release") && !path.EndsWith("/reset")))
                    Assert.True(operation["requestBody"]?["content"]?["application/json"]?["schema"] is not null, $"{what} has no request body schema");
            }
        }
        Assert.True(operations >= 40, $"only {operations} PBX operations documented");
    }
}
