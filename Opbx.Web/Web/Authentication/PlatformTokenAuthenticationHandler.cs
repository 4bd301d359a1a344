using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Opbx.Domain;
using Opbx.Domain.Access;

namespace Opbx.Web.Authentication;

/// <summary>Authorization: Bearer &lt;platform token&gt;. Checked against the database on every request.</summary>
public sealed class PlatformTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PlatformTokenService tokens, CurrentUser current)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PlatformToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        if (RateLimits.ApiThrottle(Context) is { } throttled) return throttled;
        var token = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null || !await current.LoadAsync(token.AccountId, AuditSource.Api, Context.RequestAborted))
        {
            RateLimits.ApiFailed(Context);
            return AuthenticateResult.Fail("The token is not valid.");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, token.AccountId.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (await RateLimits.ChallengeThrottledAsync(Context)) return;
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a valid platform token: Authorization: Bearer <token>.", "Bearer");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Only platform managers can use the platform API.");
}
