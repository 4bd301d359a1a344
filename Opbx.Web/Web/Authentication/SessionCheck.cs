using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Opbx.Domain;
using Opbx.Domain.People;

namespace Opbx.Web.Authentication;

/// <summary>
/// Runs on every request with a session cookie: the security stamp (changed by password resets and
/// deactivation), the server-side session record and the sign-in policy are checked against the database
/// (one query for the account and its session, one for the memberships), so a refused person is out on their
/// very next request, htmx requests included.
/// </summary>
public static class SessionCheck
{
    private const string Ended = "opbx.session-ended";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var current = services.GetRequiredService<CurrentUser>();
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        // One read of the account serves both checks: the stamp in the cookie must still be the account's
        // (password resets, deactivation and deletion change it), and the sign-in policy must still allow the person in.
        // The cookie's server-side session must still exist too: signing out deletes it, so a copy of the cookie taken
        // before is refused.
        if (context.Principal is not null
            && await current.LoadSessionAsync(context.Principal, AuditSource.Web, context.HttpContext.RequestAborted)
            && context.Principal.FindFirstValue(stampClaim) == current.Account!.SecurityStamp)
        {
            var seen = current.Session!;
            services.GetRequiredService<AuditActor>().SessionId = seen.Id;
            var address = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "";
            await services.GetRequiredService<AccountSessions>().NoteSeenAsync(seen, address, context.HttpContext.RequestAborted);
            return;
        }
        current.Clear();
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        context.HttpContext.Items[Ended] = true;
    }

    public static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var url = context.HttpContext.Items.ContainsKey(Ended) ? QueryHelpers.AddQueryString(context.RedirectUri, "ended", "true") : context.RedirectUri;
        if (context.Request.IsHtmx() || context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers["HX-Redirect"] = url;
        }
        else if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else
        {
            context.Response.Redirect(url);
        }
        return Task.CompletedTask;
    }
}
