using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;

namespace Opbx.Web.Authentication;

/// <summary>
/// HTTP Basic with an organization API key (key id : secret). Enters the key's organization for the request;
/// a suspended organization's keys get 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyService keys, TenantContext tenant, AuditActor audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string OrganizationClaim = "org";
    /// <summary>The organization's max_requests_per_day as read with the key (absent: no quota), for the quota filter.</summary>
    public const string DailyQuotaClaim = "opbx:daily_quota";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        if (RateLimits.ApiThrottle(Context) is { } throttled) return throttled;
        var result = await AuthenticateKeyAsync(header);
        if (!result.Succeeded) RateLimits.ApiFailed(Context);
        return result;
    }

    private async Task<AuthenticateResult> AuthenticateKeyAsync(string header)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return AuthenticateResult.Fail("Malformed Basic credentials.");
        var authenticated = await keys.AuthenticateAsync(decoded[..colon], decoded[(colon + 1)..], Context.RequestAborted);
        if (authenticated is null) return AuthenticateResult.Fail("Unknown key or wrong secret.");
        if (authenticated.Organization.Status != OrganizationStatus.Active) return AuthenticateResult.Fail("The organization is suspended.");

        tenant.Enter(authenticated.Organization.Id);
        audit.Set($"api key {authenticated.Key.Name} ({authenticated.Key.KeyId})", null, AuditSource.Api);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, authenticated.Key.KeyId),
            new(OrganizationClaim, authenticated.Organization.Id.ToString()),
        };
        if (authenticated.Organization.MaxRequestsPerDay is { } quota)
            claims.Add(new Claim(DailyQuotaClaim, quota.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        claims.AddRange(authenticated.Key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (await RateLimits.ChallengeThrottledAsync(Context)) return;
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send an API key: HTTP Basic with the key id as user and the secret as password. Keys of suspended organizations are refused.",
            "Basic realm=\"opbx\"");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This API key may not do this.");
}
