using System.Text.Json.Nodes;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Api;

/// <summary>The organization endpoints of SPEC §8, for organization API keys (HTTP Basic), scoped per endpoint.</summary>
public static class OrganizationApi
{
    public const string Policy = "OrganizationApi";
    public const string AnyPolicy = "AnyApiCredential";
    public const string KeyItem = "opbx.api-key";

    public static void MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).AddEndpointFilter(QuotaAsync)
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503);
        api.MapUserApi();
        api.MapComplianceApi();
        api.MapAuditLogApi();
        api.MapDeployEndpoints();
        api.MapPbxApi();
        api.MapCallRecordApi();
        api.MapUsageApi();
    }

    /// <summary>Field errors keyed as the API spells the fields.</summary>
    internal static async Task<T> Fields<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Errors.ToDictionary(kv => Json.Name(kv.Key), kv => kv.Value));
        }
    }

    internal static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope)
                ? await next(context)
                : Results.Problem(statusCode: 403, title: "Forbidden", detail: $"This API key lacks the scope {scope}."));

    /// <summary>max_requests_per_day: beyond it, 429 with Retry-After until the next UTC day.</summary>
    private static async ValueTask<object?> QuotaAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // The key's organization was read when the key was checked, earlier in this request: its quota rides on the identity
        // rather than being read again.
        if (http.User.FindFirst(ApiKeyAuthenticationHandler.DailyQuotaClaim)?.Value is { } claimed
            && int.TryParse(claimed, System.Globalization.CultureInfo.InvariantCulture, out var quota)
            && Guid.TryParse(http.User.FindFirst(ApiKeyAuthenticationHandler.OrganizationClaim)?.Value, out var organizationId))
        {
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var count = await http.RequestServices.GetRequiredService<ApiKeyService>().CountRequestAsync(organizationId, today, http.RequestAborted);
            if (count > quota)
            {
                var retryAfter = (int)Math.Ceiling((today.AddDays(1).ToDateTime(TimeOnly.MinValue) - now.UtcDateTime).TotalSeconds);
                http.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString();
                return Results.Problem(statusCode: 429, title: "Too many requests",
                    detail: $"The organization's quota of {quota:N0} API requests a day is used up; it renews at 00:00 UTC.",
                    extensions: new Dictionary<string, object?> { ["limit"] = quota, ["current"] = count - 1 });
            }
        }
        return await next(context);
    }
}
