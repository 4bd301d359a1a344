using System.Net;
using Opbx.Tests.Infrastructure;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Api;

/// <summary>/api/v1/ring-groups and /api/v1/queues: CRUD, paging, the max_queues limit, isolation and input.</summary>
[Collection(AppCollection.Name)]
public sealed class RingGroupAndQueueApiTests(OpbxApp app)
{
    private static async Task<string> ExtensionAsync(ApiClient api, string number) =>
        (string)(await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/extensions", new { number })))["extension"]!["id"]!;

    [Fact]
    public async Task A_ring_group_is_created_listed_paged_changed_and_deleted()
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var a = await ExtensionAsync(api, "301");
        var b = await ExtensionAsync(api, "302");

        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/ring-groups", new
        {
            number = "601", name = "Sales", strategy = "sequential", ring_seconds = 15, member_ids = new[] { a, b },
            fallback = new { kind = "extension", target_id = a },
        }));
        var id = (string)created["id"]!;
        Assert.Equal(["301", "302"], created["member_numbers"]!.AsArray().Select(x => (string?)x));
        Assert.Equal("extension", (string?)created["fallback"]!["kind"]);
        await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/ring-groups", new { number = "602", name = "Support", strategy = "simultaneous" }));

        var first = await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/ring-groups?page=1&page_size=1"));
        Assert.Equal(2, (int)first["total"]!);
        Assert.Equal([id], Ids(first));
        Assert.Single((await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/ring-groups?page=2&page_size=1")))["items"]!.AsArray());

        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/ring-groups/{id}",
            """{"strategy": "round_robin", "member_ids": ["%B", "%A"], "fallback": null}""".Replace("%A", a).Replace("%B", b)));
        Assert.Equal("round_robin", (string?)patched["strategy"]);
        Assert.Equal(["302", "301"], patched["member_numbers"]!.AsArray().Select(x => (string?)x));
        Assert.Equal("hangup", (string?)patched["fallback"]!["kind"]);
        Assert.Equal(15, (int)patched["ring_seconds"]!);
        Assert.Equal("Sales", (string?)patched["name"]);

        // A number the organization already uses is refused with the field named.
        await FieldErrors(api.PatchAsync($"/api/v1/ring-groups/{id}", new { number = "301" }), "number");
        await Status(HttpStatusCode.OK, api.DeleteAsync($"/api/v1/ring-groups/{id}"));
        await Status(HttpStatusCode.NotFound, api.GetAsync($"/api/v1/ring-groups/{id}"));
    }

    [Theory]
    [InlineData("/api/v1/ring-groups", "603", "simultaneous")]
    [InlineData("/api/v1/queues", "703", "ringall")]
    public async Task A_list_carries_the_first_ten_members_of_each_with_member_count_and_get_one_carries_them_all(string path, string number, string strategy)
    {
        var org = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, org);
        var members = new List<string>();
        for (var i = 0; i < 23; i++) members.Add(await ExtensionAsync(api, (400 + i).ToString()));
        var id = (string)(await Status(HttpStatusCode.Created, api.PostAsync(path, new { number, name = "Everyone", strategy, member_ids = members })))["id"]!;

        var listed = Assert.Single((await Status(HttpStatusCode.OK, api.GetAsync(path)))["items"]!.AsArray())!;
        Assert.Equal(23, (int)listed["member_count"]!);
        Assert.Equal(members.Take(10), listed["member_ids"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(Enumerable.Range(400, 10).Select(n => n.ToString()), listed["member_numbers"]!.AsArray().Select(x => (string?)x));

        var one = await Status(HttpStatusCode.OK, api.GetAsync($"{path}/{id}"));
        Assert.Equal(23, (int)one["member_count"]!);
        Assert.Equal(members, one["member_ids"]!.AsArray().Select(x => (string?)x));
    }

    [Fact]
    public async Task A_queue_is_created_changed_and_deleted_and_max_queues_answers_403_with_limit_and_current()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxQueues = 1);
        using var api = ApiClient.Key(app, org);
        var a = await ExtensionAsync(api, "311");
        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/queues",
            new { number = "701", name = "Help", strategy = "leastrecent", member_timeout_seconds = 20, max_wait_seconds = 600, member_ids = new[] { a } }));
        var id = (string)created["id"]!;
        Assert.Equal("leastrecent", (string?)created["strategy"]);

        var full = await Status(HttpStatusCode.Forbidden, api.PostAsync("/api/v1/queues", new { number = "702", name = "More", strategy = "ringall" }));
        Assert.Equal(1, (int)full["limit"]!);
        Assert.Equal(1, (int)full["current"]!);

        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/queues/{id}", new { strategy = "linear", max_wait_seconds = 120 }));
        Assert.Equal("linear", (string?)patched["strategy"]);
        Assert.Equal(120, (int)patched["max_wait_seconds"]!);
        Assert.Equal(20, (int)patched["member_timeout_seconds"]!);
        Assert.Equal([a], patched["member_ids"]!.AsArray().Select(x => (string?)x));

        await Status(HttpStatusCode.OK, api.DeleteAsync($"/api/v1/queues/{id}"));
        await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/queues", new { number = "702", name = "More", strategy = "ringall" }));
    }

    [Fact]
    public async Task Another_organizations_groups_queues_and_extensions_are_not_found()
    {
        var mine = await app.CreateOrganizationAsync();
        var theirs = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, mine);
        using var other = ApiClient.Key(app, theirs);
        var theirExtension = await ExtensionAsync(other, "321");
        var group = (string)(await Status(HttpStatusCode.Created, other.PostAsync("/api/v1/ring-groups", new { number = "621", name = "Theirs", strategy = "sequential" })))["id"]!;
        var queue = (string)(await Status(HttpStatusCode.Created, other.PostAsync("/api/v1/queues", new { number = "721", name = "Theirs", strategy = "ringall" })))["id"]!;

        foreach (var path in new[] { $"/api/v1/ring-groups/{group}", $"/api/v1/queues/{queue}" })
        {
            await Status(HttpStatusCode.NotFound, api.GetAsync(path));
            await Status(HttpStatusCode.NotFound, api.PatchAsync(path, new { name = "Mine now" }));
            await Status(HttpStatusCode.NotFound, api.DeleteAsync(path));
        }
        await FieldErrors(api.PostAsync("/api/v1/ring-groups", new { number = "622", name = "G", strategy = "sequential", member_ids = new[] { theirExtension } }), "member_ids");
        await FieldErrors(api.PostAsync("/api/v1/queues", new { number = "722", name = "Q", strategy = "ringall", fallback = new { kind = "ring_group", target_id = group } }), "fallback");
        Assert.Equal("Theirs", (string?)(await Status(HttpStatusCode.OK, other.GetAsync($"/api/v1/ring-groups/{group}")))["name"]);
    }

    [Theory]
    [InlineData("/api/v1/ring-groups", """{"number": "x", "name": "", "strategy": "loud", "ring_seconds": 1}""", "number", "name", "strategy", "ring_seconds")]
    [InlineData("/api/v1/ring-groups", """{"number": "630", "name": "G", "strategy": "sequential", "ring_seconds": "twenty"}""", "ring_seconds")]
    [InlineData("/api/v1/ring-groups", """{"number": "630", "name": "G", "strategy": "sequential", "member_ids": ["nope"]}""", "member_ids[0]")]
    [InlineData("/api/v1/ring-groups", """{"number": "630", "name": "G", "strategy": "sequential", "fallback": {"kind": "voicemail"}}""", "fallback")]
    [InlineData("/api/v1/ring-groups", """{"number": "630", "name": "G", "strategy": "sequential", "fallback": "hangup"}""", "fallback")]
    [InlineData("/api/v1/ring-groups", """{"number": "630", "name": "G;[x]\n", "strategy": "sequential"}""", "name")]
    [InlineData("/api/v1/queues", """{"number": "12345678", "name": "Q", "strategy": "RingAll", "member_timeout_seconds": 0, "max_wait_seconds": 5}""", "number", "strategy", "member_timeout_seconds", "max_wait_seconds")]
    [InlineData("/api/v1/queues", """{"number": "730", "name": "Q", "strategy": "ringall", "max_wait_seconds": 1.5}""", "max_wait_seconds")]
    [InlineData("/api/v1/queues", """{"number": "730", "name": "Q", "strategy": "ringall", "member_ids": [null]}""", "member_ids[0]")]
    public async Task Bad_input_is_a_400_naming_every_bad_field(string path, string json, params string[] fields)
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxQueues = 2);
        using var api = ApiClient.Key(app, org);
        await FieldErrors(api.PostRawAsync(path, json), fields);
        Assert.Empty((await Status(HttpStatusCode.OK, api.GetAsync(path)))["items"]!.AsArray());
    }
}
