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
        o.CustomSchemaIds(t => t.Name.Replace("Dto", "", StringComparison.Ordinal));
    }
}
