using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Api;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Api;

/// <summary>
/// The OpenAPI document describes every API endpoint of the route table completely (a new endpoint is checked without being
/// listed here), and its examples are bodies the real endpoints accept.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ApiDocumentTests(OpbxApp app)
{
    /// <summary>Operations that act on their path alone and read no body.</summary>
    private static readonly string[] Bodiless = ["DeployConfiguration", "SuspendOrganization", "ReactivateOrganization", "ReleaseNumber", "ResetSipPassword", "RollbackDeploy",
        "RotateWebhookSecret", "ResendWebhookDelivery"];

    private async Task<JsonObject> DocumentAsync()
    {
        using var anonymous = ApiClient.Anonymous(app);
        using var response = await anonymous.GetAsync("/api-docs/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private IReadOnlyList<(string Method, string Path, string? Name)> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (
                m.ToLowerInvariant(),
                "/" + RouteConstraint().Replace(e.RoutePattern.RawText!.Trim('/'), "{$1}"),
                e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)))
            .ToList();

    [Fact]
    public async Task Every_endpoint_is_documented_with_summary_security_body_example_and_problem_responses()
    {
        var doc = await DocumentAsync();
        var schemes = doc["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("basic", (string?)schemes[ApiDocs.ApiKeyScheme]!["scheme"]);
        Assert.Equal("bearer", (string?)schemes[ApiDocs.PlatformTokenScheme]!["scheme"]);
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var endpoints = Endpoints();
        Assert.True(endpoints.Count >= 60, $"only {endpoints.Count} API endpoints found in the route table");
        Assert.All(Bodiless, name => Assert.Contains(endpoints, e => e.Name == name));

        foreach (var (method, path, name) in endpoints)
        {
            var what = $"{method.ToUpperInvariant()} {path}";
            var operation = doc["paths"]?[path]?[method]?.AsObject();
            Assert.True(operation is not null, $"{what} is not in the document");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation!["summary"]), $"{what} has no summary");

            var security = operation["security"]?.AsArray() ?? [];
            Assert.True(security.Count > 0, $"{what} names no credential");
            Assert.All(security, s => Assert.All(s!.AsObject(), r => Assert.True(schemes.ContainsKey(r.Key), $"{what}: unknown scheme {r.Key}")));

            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.Any(r => r.Key.StartsWith('2')), $"{what} documents no success");
            foreach (var code in new[] { "400", "401", "403" }) Assert.True(responses.ContainsKey(code), $"{what} lacks {code}");
            if (path.Contains('{')) Assert.True(responses.ContainsKey("404"), $"{what} lacks 404");
            Assert.EndsWith("/HttpValidationProblemDetails", (string?)responses["400"]!["content"]?["application/problem+json"]?["schema"]?["$ref"]);
            foreach (var (code, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var schema = (string?)response!["content"]?["application/problem+json"]?["schema"]?["$ref"];
                Assert.True(schema?.EndsWith("ProblemDetails", StringComparison.Ordinal) == true, $"{what} {code} is not ProblemDetails: {response.ToJsonString()}");
            }

            if (method is "post" or "put" or "patch" && !Bodiless.Contains(name))
            {
                var json = operation["requestBody"]?["content"]?["application/json"];
                var reference = (string?)json?["schema"]?["$ref"];
                Assert.True(reference is not null, $"{what} documents no request body");
                Assert.True(responses.ContainsKey("413") && responses.ContainsKey("415"), $"{what} lacks 413/415");
                var example = json!["example"] as JsonObject;
                Assert.True(example is { Count: > 0 }, $"{what} has no example");
                AssertMatches(example!, schemas[reference!.Split('/')[^1]]!.AsObject(), schemas, what);
            }
        }
    }

    /// <summary>Every field of the example is a property of the schema (so both speak snake_case, as the API does), recursively.</summary>
    private static void AssertMatches(JsonObject example, JsonObject schema, JsonObject schemas, string what)
    {
        var properties = schema["properties"]!.AsObject();
        foreach (var (field, value) in example)
        {
            Assert.True(SnakeCase().IsMatch(field), $"{what}: {field} is not snake_case");
            Assert.True(properties.ContainsKey(field), $"{what}: the example's {field} is not in the schema");
            if (value is JsonObject inner && (string?)properties[field]!["$ref"] is { } reference)
                AssertMatches(inner, schemas[reference.Split('/')[^1]]!.AsObject(), schemas, what);
        }
    }

    [Fact]
    public async Task Documented_examples_are_accepted_by_the_real_endpoints()
    {
        var doc = await DocumentAsync();
        var org = await app.CreateOrganizationAsync(configure: s =>
        {
            s.MaxQueues = 5;
            s.MaxTrunks = 5;
            s.MaxDids = 5;
            s.WebhooksEnabled = true;
        });
        using var key = ApiClient.Key(app, org);
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var sent = new List<string>();
        foreach (var (path, item) in doc["paths"]!.AsObject().Where(p => !p.Key.Contains('{')))
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "post" or "put"))
            {
                if (operation!["requestBody"]?["content"]?["application/json"]?["example"] is not JsonObject example) continue;
                var body = example.ToJsonString();
                // An example that points at other rows by id needs those rows; the ones that stand alone must simply work.
                if (Uuid().IsMatch(body)) continue;
                var platformOnly = operation["security"]!.AsArray().All(s => s!.AsObject().ContainsKey(ApiDocs.PlatformTokenScheme));
                var api = platformOnly ? platform : key;
                using var response = method == "put"
                    ? await api.PutAsync(path, body)
                    : await api.PostRawAsync(path, body);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{method.ToUpperInvariant()} {path} with its documented example: {(int)response.StatusCode} {text}");
                sent.Add($"{method} {path}");
            }
        }
        // Organizations, users, invitations, compliance, extensions, ring groups, queues, trunks, shared trunks, numbers.
        Assert.True(sent.Count >= 10, $"only {sent.Count} examples were sent: {string.Join(", ", sent)}");
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();
}
