using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Opbx.Api;

/// <summary>
/// The OpenAPI document at /api-docs/v1/openapi.json, built from the endpoints' own metadata: bodies (<see cref="AcceptsJson{T}"/>),
/// responses (Produces…), summaries, and the authorization policies, which say which credential each operation takes.
/// </summary>
public static class ApiDocs
{
    public const string ApiKeyScheme = "api_key";
    public const string PlatformTokenScheme = "platform_token";

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(Configure);
        // Schemas as the API reads and writes them: the minimal APIs' JSON options (snake_case), not MVC's, which Swashbuckle
        // would otherwise take because the app also runs Razor Pages.
        services.AddTransient<ISerializerDataContractResolver>(sp => new JsonSerializerDataContractResolver(ApiJson(sp)));
        return services;
    }

    /// <summary>A body the endpoint accepts as JSON (415 otherwise, 413 beyond <see cref="ApiBody.MaxBytes"/>), with an example of it.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder endpoint, T example) where T : notnull =>
        endpoint.Accepts<T>("application/json").WithMetadata(new ApiExample(example)).ProducesProblem(413).ProducesProblem(415);

    private static JsonSerializerOptions ApiJson(IServiceProvider services) =>
        services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    private static void Configure(SwaggerGenOptions o)
    {
        o.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Opbx API",
            Version = "v1",
            Description = "Platform endpoints take a platform token (Authorization: Bearer). Organization endpoints take an API key " +
                          "(HTTP Basic: key id as user, secret as password). JSON is snake_case; errors are RFC 9457 ProblemDetails " +
                          "(400s list each field in errors). Lists take page (from 1) and page_size (1 to 200).",
        });
        o.CustomSchemaIds(SchemaId);
        o.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "An organization's API key: the key id (ok_…) as user name, its secret as password.",
        });
        o.AddSecurityDefinition(PlatformTokenScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A platform manager's personal access token (Platform → API tokens, or the create-token command).",
        });
        o.OperationFilter<OperationMetadata>();
    }

    /// <summary>PageDto&lt;UserDto&gt; becomes "UserPage"; other types lose their "Dto" suffix.</summary>
    private static string SchemaId(Type type) => type.IsGenericType
        ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`')].Replace("Dto", "", StringComparison.Ordinal)
        : type.Name.Replace("Dto", "", StringComparison.Ordinal);

    /// <summary>What the framework's metadata does not turn into OpenAPI by itself: the credential each operation takes, and the body's example.</summary>
    private sealed class OperationMetadata(IServiceProvider services) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
            var schemes = new List<string>();
            if (policies.Contains(OrganizationApi.Policy) || policies.Contains(OrganizationApi.AnyPolicy)) schemes.Add(ApiKeyScheme);
            if (policies.Contains(PlatformApi.Policy) || policies.Contains(OrganizationApi.AnyPolicy)) schemes.Add(PlatformTokenScheme);
            // Alternatives: either credential satisfies an operation that takes both.
            operation.Security = schemes
                .Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = [] })
                .ToList();

            if (metadata.OfType<ApiExample>().LastOrDefault() is { } example
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true && json is OpenApiMediaType media)
            {
                var options = new JsonSerializerOptions(ApiJson(services)) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
                media.Example = JsonSerializer.SerializeToNode(example.Body, example.Body.GetType(), options);
            }
        }
    }
}
