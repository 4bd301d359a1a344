using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Access;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed class OrganizationsApiTests(OpbxApp app)
{
    private static string Unique(string stem) => $"{stem} {Guid.NewGuid().ToString("N")[..6]}";

    private async Task<ApiClient> ApiAsync() => ApiClient.Bearer(app, await app.PlatformTokenAsync());

    [Fact]
    public async Task CreateTakesTheIndustryPresetForOmittedFieldsAndReturnsTheFirstKeyOnce()
    {
        using var api = await ApiAsync();
        var name = Unique("Grand Hotel");
        var response = await api.PostAsync("/api/v1/organizations", new
        {
            name,
            industry = "hotel",
            contact_info = new { email = "desk@grand.test", phone = "+1 555 0100" },
            owner = new { name = "Henry Owner", email = $"henry-{Guid.NewGuid():N}@grand.test" },
            settings = new { max_users = 12, features = new { ai_agent = true } },
            compliance = new { pii_masking = true },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiClient.JsonAsync(response);
        var org = body["organization"]!.AsObject();
        Assert.Equal(name, (string?)org["name"]);
        Assert.Equal("hotel", (string?)org["industry"]);
        Assert.Equal("active", (string?)org["status"]);
        Assert.Equal(12, (int)org["settings"]!["max_users"]!);                      // given
        Assert.Equal(20, (int)org["settings"]!["max_dids"]!);                       // hotel preset
        Assert.True((bool)org["settings"]!["features"]!["ai_agent"]!);              // given
        Assert.True((bool)org["settings"]!["features"]!["conference"]!);            // hotel preset
        Assert.Equal("announcement", (string?)org["compliance"]!["recording_consent_mode"]);
        Assert.True((bool)org["compliance"]!["pii_masking"]!);
        Assert.Equal(2, (int)org["settings"]!["max_api_keys"]!);
        Assert.StartsWith("ok_", (string?)body["api_key"]);
        var secret = (string)body["api_secret"]!;
        Assert.True(secret.Length >= 40);
        Assert.Equal($"/api/v1/organizations/{org["id"]}", response.Headers.Location!.ToString());

        // The secret is stored only as a hash, and GET never shows it.
        var get = await (await api.GetAsync($"/api/v1/organizations/{org["id"]}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, get);
        var stored = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return await sp.GetRequiredService<OpbxDb>().ApiKeys.SingleAsync(k => k.KeyId == (string)body["api_key"]!);
        });
        Assert.NotEqual(secret, stored.SecretHash);
        Assert.True(Secrets.Matches(secret, stored.SecretHash));
    }

    [Theory]
    [InlineData("""{"industry":"general","owner":{"name":"A","email":"a@x.test"}}""", "name")]
    [InlineData("""{"name":"X1","industry":"Hotel","owner":{"name":"A","email":"a@x.test"}}""", "industry")]
    [InlineData("""{"name":"X2","owner":{"name":"A","email":"not-an-email"}}""", "owner.email")]
    [InlineData("""{"name":"X3"}""", "owner")]
    [InlineData("""{"name":"X4","owner":{"name":"A","email":"a@x.test"},"settings":{"max_users":0}}""", "settings.max_users")]
    [InlineData("""{"name":"X5","owner":{"name":"A","email":"a@x.test"},"settings":{"max_users":"ten"}}""", "settings.max_users")]
    [InlineData("""{"name":"X6","owner":{"name":"A","email":"a@x.test"},"colour":"red"}""", "colour")]
    [InlineData("""{"name":"X7","owner":{"name":"A","email":"a@x.test"},"compliance":{"recording_consent_mode":"always"}}""", "compliance.recording_consent_mode")]
    [InlineData("""{"name":"X8","owner":{"name":"A","email":"a@x.test"},"compliance":{"cdr_retention_days":0}}""", "compliance.cdr_retention_days")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"name": """, "body")]
    public async Task CreateRefusesBadInputWithFieldErrors(string json, string field)
    {
        using var api = await ApiAsync();
        var response = await api.PostRawAsync("/api/v1/organizations", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ApiClient.JsonAsync(response);
        Assert.Equal(400, (int)problem["status"]!);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"expected an error for {field}: {problem}");
    }

    [Fact]
    public async Task DuplicateNamesConflictWhateverTheirCase()
    {
        using var api = await ApiAsync();
        var name = Unique("Dup");
        var first = await api.PostAsync("/api/v1/organizations", new { name, owner = new { name = "O", email = $"o{Guid.NewGuid():N}@x.test" } });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await api.PostAsync("/api/v1/organizations", new { name = name.ToUpperInvariant(), owner = new { name = "O", email = $"o{Guid.NewGuid():N}@x.test" } });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already exists", (string?)(await ApiClient.JsonAsync(second))["detail"]);
    }

    [Fact]
    public async Task ListFiltersSearchesAndPages()
    {
        using var api = await ApiAsync();
        var stem = "Paging" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var r = await api.PostAsync("/api/v1/organizations", new { name = $"{stem} {i}", owner = new { name = "O", email = $"o{Guid.NewGuid():N}@x.test" } });
            ids.Add((string)(await ApiClient.JsonAsync(r))["organization"]!["id"]!);
        }
        await api.PostAsync($"/api/v1/organizations/{ids[0]}/suspend");

        var page1 = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/organizations?q={stem}&page_size=2&sort=name&order=asc"));
        Assert.Equal(3, (int)page1["total"]!);
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        Assert.Equal($"{stem} 0", (string?)page1["items"]![0]!["name"]);
        var page2 = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/organizations?q={stem}&page_size=2&page=2&sort=name&order=asc"));
        Assert.Equal($"{stem} 2", (string?)page2["items"]![0]!["name"]);

        var suspended = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/organizations?q={stem}&status=suspended"));
        Assert.Equal(ids[0], (string?)suspended["items"]!.AsArray().Single()!["id"]);
        Assert.Equal(1, (int)suspended["items"]![0]!["usage"]!["users"]!);

        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/organizations?status=Suspended")).StatusCode);
    }

    [Fact]
    public async Task GetPatchSuspendReactivateAndDelete()
    {
        using var api = await ApiAsync();
        var created = await app.CreateOrganizationAsync();
        var id = created.Organization.Id;

        var get = await api.GetAsync($"/api/v1/organizations/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(created.Owner.Email, (string?)(await ApiClient.JsonAsync(get))["owner"]!["email"]);

        var patch = await api.PatchAsync($"/api/v1/organizations/{id}", new { settings = new { max_users = 40, max_requests_per_day = 500 }, limits = new { concurrent_calls = 7 } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var patched = await ApiClient.JsonAsync(patch);
        Assert.Equal(40, (int)patched["settings"]!["max_users"]!);
        Assert.Equal(500, (int)patched["settings"]!["max_requests_per_day"]!);
        Assert.Equal(7, (int)patched["limits"]!["concurrent_calls"]!);
        Assert.Equal(created.Organization.Name, (string?)patched["name"]);

        // An explicit null lifts the daily quota; leaving the field out keeps it.
        var unlimited = await ApiClient.JsonAsync(await api.PatchAsync($"/api/v1/organizations/{id}", """{"settings":{"max_requests_per_day":null}}"""));
        Assert.Null(unlimited["settings"]!["max_requests_per_day"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await api.PatchAsync($"/api/v1/organizations/{id}", new { limits = new { concurrent_calls = -1 } })).StatusCode);
        var other = await app.CreateOrganizationAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await api.PatchAsync($"/api/v1/organizations/{id}", new { name = other.Organization.Name })).StatusCode);

        var suspend = await ApiClient.JsonAsync(await api.PostAsync($"/api/v1/organizations/{id}/suspend"));
        Assert.Equal("suspended", (string?)suspend["status"]);
        var reactivate = await ApiClient.JsonAsync(await api.PostAsync($"/api/v1/organizations/{id}/reactivate"));
        Assert.Equal("active", (string?)reactivate["status"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await api.DeleteAsync($"/api/v1/organizations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.DeleteAsync($"/api/v1/organizations/{id}?confirm=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/organizations/{id}?confirm={Uri.EscapeDataString(created.Organization.Name)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/organizations/{id}")).StatusCode);
    }

    [Fact]
    public async Task UnknownIdsAreNotFoundEverywhere()
    {
        using var api = await ApiAsync();
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/organizations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PatchAsync($"/api/v1/organizations/{id}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/v1/organizations/{id}?confirm=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/organizations/{id}/suspend")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/organizations/{id}/reactivate")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/organizations/not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task CredentialsAreCheckedOnEveryCall()
    {
        using var anonymous = ApiClient.Anonymous(app);
        var none = await anonymous.GetAsync("/api/v1/organizations");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);

        using var wrong = ApiClient.Bearer(app, "opbx_pt_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/organizations")).StatusCode);

        // A revoked token is refused on its very next call.
        var adminId = await app.AdminIdAsync();
        var plain = await app.PlatformTokenAsync();
        using var api = ApiClient.Bearer(app, plain);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/organizations")).StatusCode);
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var token = await db.PlatformTokens.SingleAsync(t => t.TokenHash == Secrets.Hash(plain));
            await sp.GetRequiredService<PlatformTokenService>().RevokeAsync(Domain.Rules.Actor.Person(adminId, true, null), token.Id);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/organizations")).StatusCode);
    }

    [Fact]
    public async Task RevokingPlatformManagerStopsTheirTokenAtOnce()
    {
        var manager = await app.CreatePlatformManagerAsync();
        using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync(manager.Id));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/organizations")).StatusCode);
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetPlatformManagerAsync(admin, manager.Id, false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/organizations")).StatusCode);
    }

    [Fact]
    public async Task DeactivatingTheAccountStopsItsTokenAtOnce()
    {
        var manager = await app.CreatePlatformManagerAsync();
        using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync(manager.Id));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/organizations")).StatusCode);
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, manager.Id, false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/organizations")).StatusCode);
    }

    [Fact]
    public async Task TheApiIsDocumented()
    {
        using var anonymous = ApiClient.Anonymous(app);
        var doc = JsonNode.Parse(await (await anonymous.GetAsync("/api-docs/v1/openapi.json")).Content.ReadAsStringAsync())!;
        Assert.NotNull(doc["paths"]!["/api/v1/organizations"]);
        Assert.NotNull(doc["paths"]!["/api/v1/organizations/{id}/suspend"]);
        Assert.NotNull(doc["paths"]!["/api/v1/users/{id}"]);
        Assert.NotNull(doc["paths"]!["/api/v1/compliance"]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api-docs/index.html")).StatusCode);
    }
}
