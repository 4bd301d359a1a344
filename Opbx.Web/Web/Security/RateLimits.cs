using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Opbx.Web.Security;

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in, two-factor and forgot-password forms, per client address: past the limit
/// the answer is 429 with Retry-After. The limits are read when an address is first seen (and are part of its partition),
/// so a changed setting applies to addresses from then on.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string ForgotPassword = "forgot-password";

    public static IServiceCollection AddOpbxRateLimits(this IServiceCollection services) => services
        .AddSingleton<FailureThrottle>()
        .AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(SignIn, http => PerAddress(http, SignIn, l => (l.SignInPerAddress, l.SignInWindow)));
            o.AddPolicy(ForgotPassword, http => PerAddress(http, ForgotPassword, l => (l.ForgotPasswordPerAddress, l.ForgotPasswordWindow)));
        });

    /// <summary>Puts the forms that guess at credentials under their limits (the pages' GETs are not limited).</summary>
    public static void Apply(PageConventionCollection conventions)
    {
        foreach (var page in new[] { "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode" })
            conventions.AddAreaPageApplicationModelConvention("Identity", page, m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignIn)));
        conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/ForgotPassword",
            m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(ForgotPassword)));
    }

    /// <summary>Where an API authentication handler notes that it refused the request for too many failures.</summary>
    private const string ApiThrottled = "opbx.api-throttled";

    /// <summary>
    /// Refused API credentials count per address; past the limit every API credential from that address is refused with 429
    /// until the window ends, before it is looked up. Null: go on and authenticate (then report a failure with <see cref="ApiFailed"/>).
    /// </summary>
    public static AuthenticateResult? ApiThrottle(HttpContext http)
    {
        if (!http.RequestServices.GetRequiredService<FailureThrottle>().IsExhausted(ApiKey(http), out var wait)) return null;
        http.Items[ApiThrottled] = wait;
        return AuthenticateResult.Fail("Too many failed authentications from this address.");
    }

    public static void ApiFailed(HttpContext http) => http.RequestServices.GetRequiredService<FailureThrottle>().Failed(ApiKey(http));

    /// <summary>The challenge of a throttled API request: 429 with Retry-After instead of 401. False when not throttled.</summary>
    public static async Task<bool> ChallengeThrottledAsync(HttpContext http)
    {
        if (http.Items[ApiThrottled] is not TimeSpan wait) return false;
        if (http.Response.HasStarted) return true;
        http.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
        await Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests",
            "Too many failed authentications from this address; wait for the time in Retry-After before trying again.");
        return true;
    }

    private static FailureThrottle.Key ApiKey(HttpContext http)
    {
        var limits = Limits(http);
        return new FailureThrottle.Key("api", Address(http), "", limits.ApiFailuresPerAddress, limits.ApiFailureWindow);
    }

    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static RateLimitOptions Limits(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<OpbxOptions>>().CurrentValue.Security.RateLimits;

    private static RateLimitPartition<string> PerAddress(HttpContext http, string name, Func<RateLimitOptions, (int Permits, TimeSpan Window)> pick)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("");
        var (permits, window) = pick(Limits(http));
        return RateLimitPartition.GetFixedWindowLimiter($"{name}|{Address(http)}|{permits}|{window}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0 });
    }
}
