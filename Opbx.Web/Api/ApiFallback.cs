using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Net.Http.Headers;

namespace Opbx.Api;

/// <summary>
/// What an /api request that no endpoint took should hear, as ProblemDetails: 405 (with Allow) when the path exists for
/// other methods, 415 when it exists but not for this content type, otherwise 404. The catch-all route that calls this
/// checks credentials first, so it would otherwise hide routing's own 405 and 415 behind a 404.
/// </summary>
public static class ApiFallback
{
    public static IResult Answer(HttpContext context)
    {
        var routes = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 }
                        && Matches(context, e.RoutePattern))
            .ToList();
        if (routes.Count == 0) return Results.Problem(statusCode: 404, title: "Not found", detail: "There is no such API resource.");

        var method = context.Request.Method;
        var forMethod = routes.Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase)).ToList();
        if (forMethod.Count == 0)
        {
            var allowed = routes.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods).Distinct(StringComparer.OrdinalIgnoreCase).Order();
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return Results.Problem(statusCode: 405, title: "Method not allowed", detail: $"This resource does not take {method}; it takes {string.Join(", ", allowed)}.");
        }
        var accepted = forMethod.SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct().ToList();
        if (accepted.Count > 0)
        {
            return Results.Problem(statusCode: 415, title: "Unsupported media type",
                detail: $"Send the body as {string.Join(" or ", accepted)} (Content-Type: {accepted[0]}).");
        }
        return Results.Problem(statusCode: 404, title: "Not found", detail: "There is no such API resource.");
    }

    private static bool Matches(HttpContext context, RoutePattern pattern)
    {
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary()).TryMatch(context.Request.Path, values)) return false;
        var resolver = context.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        foreach (var (name, policies) in pattern.ParameterPolicies)
        {
            foreach (var policy in policies)
            {
                if (policy.Content is { } content && resolver.ResolveConstraint(content) is { } constraint
                    && !constraint.Match(context, null, name, values, RouteDirection.IncomingRequest))
                    return false;
            }
        }
        return true;
    }
}
