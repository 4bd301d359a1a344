using System.Net;
using System.Text.Json.Nodes;
using Opbx.Domain.Access;
using Opbx.Domain.Organizations;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Api;

/// <summary>Reading API answers in the PBX API tests: the status first (with the body in the failure message), then the JSON.</summary>
public static class ApiAssert
{
    public static async Task<JsonObject> Status(HttpStatusCode expected, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    /// <summary>A 400 ProblemDetails naming exactly these fields.</summary>
    public static async Task<JsonObject> FieldErrors(Task<HttpResponseMessage> call, params string[] fields)
    {
        var problem = await Status(HttpStatusCode.BadRequest, call);
        var named = problem["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.True(fields.Order().SequenceEqual(named), $"Expected errors for {string.Join(", ", fields)}: {problem.ToJsonString()}");
        return problem;
    }

    public static IReadOnlyList<string?> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => (string?)i!["id"]).ToList();

    /// <summary>Another key of the organization with only these scopes (the owner makes it, as in Settings).</summary>
    public static async Task<ApiClient> KeyWithScopesAsync(OpbxApp app, CreatedOrganization created, params string[] scopes)
    {
        var kit = new PbxTestKit(app, created);
        var key = await kit.Service<ApiKeyService, IssuedApiKey>(s => s.CreateAsync(kit.Owner, "limited " + string.Join(' ', scopes), scopes));
        return ApiClient.Basic(app, key.Key.KeyId, key.Secret);
    }
}
