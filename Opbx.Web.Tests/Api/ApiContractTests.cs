using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Api;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Api;

/// <summary>
/// One contract for the same input everywhere. The lists are found in the route table (every GET under /api that answers
/// a page), so a new list is held to the paging, sorting and query rules without being added here.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiContractTests(OpbxApp app)
{
    /// <summary>A list endpoint: its path, whether it takes a platform token (else an API key), and its query parameters by type.</summary>
    public sealed record ListEndpoint(string Path, bool Platform, IReadOnlyDictionary<string, Type> Query);

    private IReadOnlyList<ListEndpoint> Lists() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true
                        && e.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                            .Any(p => p.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(PageDto<>)))
            .Select(e => new ListEndpoint(
                "/" + e.RoutePattern.RawText!.Trim('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == PlatformApi.Policy),
                e.Metadata.GetMetadata<MethodInfo>()!.GetParameters()
                    .Where(p => p.Name is not null && (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is var t
                                && (t.IsPrimitive || t == typeof(string) || t == typeof(Guid) || t == typeof(DateOnly)))
                    .ToDictionary(p => p.Name!, p => Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType)))
            .OrderBy(e => e.Path)
            .ToList();

    [Fact]
    public void The_route_table_holds_every_list()
    {
        var lists = Lists();
        // The lists of today; a new one joins by itself. Fewer would mean the route-table walk lost some.
        string[] known = ["/api/v1/organizations", "/api/v1/users", "/api/v1/audit-log", "/api/v1/config/deploys", "/api/v1/extensions",
            "/api/v1/ring-groups", "/api/v1/queues", "/api/v1/trunks", "/api/v1/dids", "/api/v1/outbound-routes", "/api/v1/emergency-numbers",
            "/api/v1/shared-trunks", "/api/v1/numbers"];
        Assert.Empty(known.Except(lists.Select(l => l.Path)));
        Assert.All(lists, l => Assert.True(l.Query.ContainsKey("page") && l.Query.ContainsKey("page_size"), $"{l.Path} does not page"));
    }

    [Fact]
    public async Task Every_list_refuses_bad_paging_sorting_and_query_values_naming_the_parameter()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.WebhooksEnabled = true);
        using var key = ApiClient.Key(app, org);
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        // Lists under a resource (a webhook endpoint's deliveries) are asked of a real one: an unknown parent is a 404 first.
        using var created = await key.PostAsync("/api/v1/webhooks", new { url = "https://example.com/hook", events = new[] { "deploy.finished" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["webhook"]!["id"]!;
        foreach (var template in Lists())
        {
            var list = template with { Path = template.Path.Replace("/webhooks/{id:guid}/", $"/webhooks/{webhook}/", StringComparison.Ordinal) };
            Assert.DoesNotContain("{", list.Path);
            var api = list.Platform ? platform : key;
            var cases = new List<(string Query, string Field)>
            {
                ("page=0", "page"), ("page=-3", "page"), ("page_size=0", "page_size"), ($"page_size={ApiPaging.MaxPageSize + 1}", "page_size"),
                ("page=abc", "page"), ("page_size=1.5", "page_size"), ("page=1&page=2", "page"),
            };
            foreach (var (name, type) in list.Query)
            {
                // A route value (the endpoint's id in its path) is not a query parameter.
                if (template.Path.Contains("{" + name, StringComparison.Ordinal)) continue;
                if (type == typeof(int) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(bool)) cases.Add(($"{name}=not-a-value", name));
                if (type == typeof(DateOnly)) cases.Add(($"{name}=2026-13-01", name));
            }
            if (list.Query.ContainsKey("sort")) cases.Add(("sort=shoe_size", "sort"));
            if (list.Query.ContainsKey("order")) cases.Add(("order=sideways", "order"));
            if (list.Query.ContainsKey("status")) cases.Add(("status=Active", "status"));
            foreach (var (query, field) in cases)
            {
                var problem = await Problem(HttpStatusCode.BadRequest, api.GetAsync($"{list.Path}?{query}"), $"GET {list.Path}?{query}");
                Assert.True(problem["errors"]?[field] is JsonArray { Count: > 0 }, $"GET {list.Path}?{query} does not name {field}: {problem.ToJsonString()}");
            }

            // Several mistakes at once are all named in one answer.
            var several = await Problem(HttpStatusCode.BadRequest, api.GetAsync($"{list.Path}?page=0&page_size=0"), $"GET {list.Path}?page=0&page_size=0");
            Assert.Equal(["page", "page_size"], several["errors"]!.AsObject().Select(e => e.Key).Order());

            // A page past the end is empty and keeps its number (not page 1 relabelled).
            var past = await Status(HttpStatusCode.OK, api.GetAsync($"{list.Path}?page=100000&page_size={ApiPaging.MaxPageSize}"));
            Assert.True(past["items"] is JsonArray { Count: 0 }, $"{list.Path} page 100000: {past.ToJsonString()}");
            Assert.Equal(100000, (int)past["page"]!);
            Assert.Equal(ApiPaging.MaxPageSize, (int)past["page_size"]!);

            // A method the list does not take: 405 with Allow, as ProblemDetails.
            using var put = await api.PutAsync(list.Path, new { });
            Assert.True(put.StatusCode == HttpStatusCode.MethodNotAllowed, $"PUT {list.Path}: {(int)put.StatusCode}");
            Assert.Contains("GET", put.Content.Headers.Allow);
            await ProblemShape(put, HttpStatusCode.MethodNotAllowed, $"PUT {list.Path}");
        }
    }

    [Fact]
    public async Task Json_types_are_strict_and_every_wrong_field_is_named_at_once()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var problem = await Problem(HttpStatusCode.BadRequest, platform.PostRawAsync("/api/v1/organizations", """
            {"name": "Strict Types", "owner": {"name": "O", "email": "o@example.test"},
             "settings": {"max_users": "4", "features": {"ivr": "yes"}, "colour": "red"}, "compliance": {"pii_masking": "true"}}
            """), "POST /api/v1/organizations");
        Assert.Equal(["compliance.pii_masking", "settings.colour", "settings.features.ivr", "settings.max_users"],
            problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Contains("whole number", (string?)problem["errors"]!["settings.max_users"]![0]);

        // An empty organization names everything missing, not only the owner.
        var empty = await Problem(HttpStatusCode.BadRequest, platform.PostRawAsync("/api/v1/organizations", "{}"), "POST {}");
        Assert.Equal(["name", "owner"], empty["errors"]!.AsObject().Select(e => e.Key).Order());
        var noOwnerDetails = await Problem(HttpStatusCode.BadRequest, platform.PostRawAsync("/api/v1/organizations",
            """{"industry": "shipping", "owner": {}, "settings": {"max_users": 0}}"""), "POST owner {}");
        Assert.Equal(["industry", "name", "owner.email", "owner.name", "settings.max_users"], noOwnerDetails["errors"]!.AsObject().Select(e => e.Key).Order());

        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var ringGroup = await Problem(HttpStatusCode.BadRequest, key.PostRawAsync("/api/v1/ring-groups",
            """{"number": 600, "member_ids": ["x"], "ring_seconds": "20", "shoe_size": 42}"""), "POST /api/v1/ring-groups");
        Assert.Equal(["member_ids[0]", "number", "ring_seconds", "shoe_size"], ringGroup["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_problem_details()
    {
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var name = new string('a', (int)ApiBody.MaxBytes + 10);
        await ProblemShape(await key.PostRawAsync("/api/v1/users", $$"""{"name": "{{name}}"}"""), HttpStatusCode.RequestEntityTooLarge, "POST a large body");
        // Just under the limit is read (and refused for what it says, not for its size).
        var under = new string('a', (int)ApiBody.MaxBytes - 100);
        await FieldErrors(key.PostRawAsync("/api/v1/users", $$"""{"name": "{{under}}"}"""), "name", "email", "role");
    }

    [Fact]
    public async Task Passwords_have_one_maximum_on_every_path()
    {
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        var longest = "Long passphrase " + string.Concat(Enumerable.Repeat("harbour lights ", 20));
        longest = longest[..PasswordPolicy.MaxLength];
        var refused = await FieldErrors(key.PostAsync("/api/v1/users",
            new { name = "Long", email = $"long-{Guid.NewGuid():N}@example.test", role = "pbx_user", password = longest + "x" }), "password");
        Assert.Equal(PasswordPolicy.TooLong, (string?)refused["errors"]!["password"]![0]);
        var created = await Status(HttpStatusCode.Created, key.PostAsync("/api/v1/users",
            new { name = "Long", email = $"long-{Guid.NewGuid():N}@example.test", role = "pbx_user", password = longest }));

        // Identity's own paths (reset, change) run the same validator.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => app.SetPasswordAsync(Guid.Parse((string)created["account_id"]!), longest + "x"));
        Assert.Equal(PasswordPolicy.TooLong, failure.Message);
    }

    [Fact]
    public async Task E_mail_errors_are_in_Opbx_words_and_said_once()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var org = await Problem(HttpStatusCode.BadRequest, platform.PostAsync("/api/v1/organizations",
            new { name = $"Umlaut {Guid.NewGuid():N}"[..20], owner = new { name = "Zoë", email = "zoë@example.com" } }), "POST zoë owner");
        Assert.Equal(["owner.email"], org["errors"]!.AsObject().Select(e => e.Key));
        Assert.DoesNotContain("Username", org.ToJsonString());

        var created = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, created);
        var user = await FieldErrors(key.PostAsync("/api/v1/users", new { name = "Zoë", email = "zoë@example.com", role = "pbx_user" }), "email");
        Assert.DoesNotContain("Username", user.ToJsonString());

        // Another account's address: one sentence, in Opbx's words.
        var member = await Status(HttpStatusCode.Created, key.PostAsync("/api/v1/users",
            new { name = "Mo", email = $"mo-{Guid.NewGuid():N}@example.test", role = "pbx_user", password = "Member-password-1" }));
        var other = await app.CreateOrganizationAsync();
        var taken = await Status(HttpStatusCode.Conflict, key.PatchAsync($"/api/v1/users/{member["id"]}", new { email = other.Owner.Email }));
        Assert.Equal($"Another account already uses {other.Owner.Email}.", (string?)taken["detail"]);
    }

    [Fact]
    public async Task Too_many_requests_answer_problem_details_with_a_type()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxRequestsPerDay = 1);
        using var key = ApiClient.Key(app, org);
        await Status(HttpStatusCode.OK, key.GetAsync("/api/v1/users"));
        using var refused = await key.GetAsync("/api/v1/users");
        var problem = await ProblemShape(refused, HttpStatusCode.TooManyRequests, "over the daily quota");
        Assert.StartsWith("https://", (string?)problem["type"]);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    /// <summary>The answer is a ProblemDetails of <paramref name="status"/>; for 400s each message is said once, and not again in the detail.</summary>
    private static async Task<JsonObject> Problem(HttpStatusCode status, Task<HttpResponseMessage> call, string what)
    {
        using var response = await call;
        return await ProblemShape(response, status, what);
    }

    private static async Task<JsonObject> ProblemShape(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {response.Content.Headers.ContentType}: {text}");
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["type"]), $"{what}: no type: {text}");
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]), $"{what}: no title: {text}");
        Assert.Equal((int)status, (int)problem["status"]!);
        if (problem["errors"] is JsonObject errors)
        {
            var detail = (string?)problem["detail"] ?? "";
            foreach (var (field, messages) in errors)
            {
                var said = messages!.AsArray().Select(m => (string)m!).ToList();
                Assert.True(said.Distinct().Count() == said.Count, $"{what}: {field} repeats a message: {text}");
                Assert.All(said, m => Assert.DoesNotContain(m, detail));
            }
        }
        return problem;
    }
}
