using Microsoft.AspNetCore.Authorization;

namespace Opbx.Web.Authentication;

/// <summary>The platform area: the signed-in account must be a platform manager now (read fresh each request).</summary>
public sealed class PlatformManagerRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public const string Policy = "PlatformManager";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var http = context.Resource as HttpContext ?? (context.Resource as Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext)?.HttpContext;
        var current = http?.RequestServices.GetRequiredService<CurrentUser>();
        if (current is { IsPlatformManager: true }) context.Succeed(this);
        return Task.CompletedTask;
    }
}
