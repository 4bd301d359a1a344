using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Opbx.Web.Security;

/// <summary>
/// Every response carries the browser protections (NetEscapades.AspNetCore.SecurityHeaders): a Content-Security-Policy
/// that runs only the app's own script files (no inline script, no eval, no inline styles), may not be framed
/// (frame-ancestors 'none', X-Frame-Options), no MIME sniffing, referrers only to this site, no camera, microphone or
/// location, and HSTS whenever the request was HTTPS (directly or through a trusted proxy). Cookies are Secure on HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiDocsPolicy = "api-docs";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        // Kestrel names itself in a Server header unless told not to; nobody needs to know.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        // Identity's cookies, antiforgery and TempData: Secure whenever the request is HTTPS (as the trusted proxy tells it).
        services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Validation is the server's (no validation scripts are loaded); client-side markup would add <li style="display:none">
        // to every validation summary, an inline style the policy refuses.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcViewOptions>(o => o.HtmlHelperOptions.ClientValidationEnabled = false);
        return services.AddSecurityHeaderPolicies(p => p
            .SetDefaultPolicy(h => Common(h).AddContentSecurityPolicy(csp => Csp(csp, inlineStyles: false)))
            // Swagger UI (/api-docs) renders with inline style attributes and <style> elements of its own, so that path alone
            // allows inline styles. Its scripts are files like ours: still no inline script and no eval.
            .AddPolicy(ApiDocsPolicy, h => Common(h).AddContentSecurityPolicy(csp => Csp(csp, inlineStyles: true)))
            .SetPolicySelector(c => c.HttpContext.Request.Path.StartsWithSegments("/api-docs") ? c.ConfiguredPolicies[ApiDocsPolicy] : c.DefaultPolicy));
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection h) => h
        .AddFrameOptionsDeny()
        .AddContentTypeOptionsNoSniff()
        .AddReferrerPolicySameOrigin()
        .AddPermissionsPolicyWithDefaultSecureDirectives()
        .AddCrossOriginOpenerPolicy(b => b.SameOrigin())
        // Sent only on HTTPS requests; a year, as browsers' preload lists expect.
        .AddStrictTransportSecurityMaxAge(maxAgeInSeconds: 365 * 24 * 60 * 60)
        .RemoveServerHeader();

    private static void Csp(CspBuilder csp, bool inlineStyles)
    {
        csp.AddDefaultSrc().Self();
        csp.AddScriptSrc().Self();
        var styles = csp.AddStyleSrc().Self();
        if (inlineStyles) styles.UnsafeInline();
        // Bootstrap draws its icons (select arrows, close buttons, checkmarks) as data: SVG images.
        csp.AddImgSrc().Self().Data();
        csp.AddFontSrc().Self();
        csp.AddConnectSrc().Self();
        csp.AddObjectSrc().None();
        csp.AddBaseUri().Self();
        csp.AddFormAction().Self();
        csp.AddFrameAncestors().None();
    }
}
