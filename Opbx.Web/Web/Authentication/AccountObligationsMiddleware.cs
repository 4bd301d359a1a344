using Microsoft.Extensions.Options;

namespace Opbx.Web.Authentication;

/// <summary>
/// What a signed-in person must do before anything else: choose a new password when "must_change_password" is set, and,
/// when the operator requires it (Opbx__Security__RequireTwoFactorForPlatformManagers), a platform manager without an
/// authenticator must set one up. Until then every page leads there; the account pages and sign-out stay open.
/// </summary>
public sealed class AccountObligationsMiddleware(RequestDelegate next)
{
    public const string ChangePasswordPage = "/Identity/Account/Manage/ChangePassword";
    public const string AuthenticatorPage = "/Identity/Account/Manage/EnableAuthenticator";
    private static readonly string[] AlwaysOpen = ["/Identity/Account/Logout", "/lib", "/css", "/js", "/healthz", "/api"];

    public Task InvokeAsync(HttpContext context, CurrentUser current, IOptionsMonitor<OpbxOptions> options)
    {
        if (!current.IsSignedIn || Open(context.Request.Path, AlwaysOpen)) return next(context);
        if (current.Account!.MustChangePassword)
        {
            return Open(context.Request.Path, ChangePasswordPage) ? next(context) : Redirect(context, ChangePasswordPage);
        }
        if (options.CurrentValue.Security.RequireTwoFactorForPlatformManagers && current.IsPlatformManager && !current.Account.TwoFactorEnabled)
        {
            // The whole account area stays open: setting up an authenticator passes through several of its pages.
            return Open(context.Request.Path, "/Identity/Account/Manage") ? next(context) : Redirect(context, AuthenticatorPage);
        }
        return next(context);
    }

    private static bool Open(PathString path, params string[] prefixes) =>
        prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static Task Redirect(HttpContext context, string page)
    {
        if (context.Request.IsHtmx()) context.Response.Headers["HX-Redirect"] = page;
        else context.Response.Redirect(page);
        return Task.CompletedTask;
    }
}
