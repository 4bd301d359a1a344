using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Opbx.Api;

public static class ApiDocs
{
    public static void Configure(SwaggerGenOptions o)
    {
        o.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Opbx API",
            Version = "v1",
            Description = "Platform endpoints take a platform token (Authorization: Bearer). Organization endpoints take an API key " +
                          "(HTTP Basic: key id as user, secret as password). JSON is snake_case; errors are RFC 7807 ProblemDetails.",
        });
        o.CustomSchemaIds(SchemaId);
    }

    /// <summary>PageDto&lt;UserDto&gt; becomes "UserPage"; other types lose their "Dto" suffix.</summary>
    private static string SchemaId(Type type) => type.IsGenericType
        ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`')].Replace("Dto", "", StringComparison.Ordinal)
        : type.Name.Replace("Dto", "", StringComparison.Ordinal);
}
