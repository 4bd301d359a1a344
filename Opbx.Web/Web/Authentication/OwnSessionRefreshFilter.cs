using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Opbx.Web.Authentication;

/// <summary>
/// After a page's handler: when the signed-in person changed their own security stamp in it (setting up or turning off
/// an authenticator, which Identity's pages do without refreshing the sign-in), their cookie is re-issued with the new
/// stamp, so the session they did it in is not signed out on the next request (their other sessions end).
/// </summary>
public sealed class OwnSessionRefreshFilter(ChangedSecurityStamps changed, SignInManager<Account> signIn, IOptions<IdentityOptions> identity) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        await next();
        var principal = context.HttpContext.User;
        if (principal.Identity is not { IsAuthenticated: true, AuthenticationType: var scheme } || scheme != IdentityConstants.ApplicationScheme) return;
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) || changed.Saved(id) is not { } account) return;
        if (principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value == account.SecurityStamp) return;
        await signIn.RefreshSignInAsync(account);
    }
}
