using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Opbx.Web.Authentication;

/// <summary>
/// Which pages of the Identity area answer at all. Identity UI ships pages for self-registration, external logins, e-mail
/// confirmation and personal-data deletion that would go around the product's own rules (accounts come into being only
/// through the product; nobody deletes their own account). Every Identity page not listed here loses its route and answers
/// 404, including any page a later Identity UI version adds: the list fails closed.
/// </summary>
public static class IdentityPages
{
    public static readonly IReadOnlySet<string> Live = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "/Account/Login",
        "/Account/LoginWith2fa",
        "/Account/LoginWithRecoveryCode",
        "/Account/Lockout",
        "/Account/Logout",
        "/Account/AccessDenied",
        "/Account/ForgotPassword",
        "/Account/ForgotPasswordConfirmation",
        "/Account/ResetPassword",
        "/Account/ResetPasswordConfirmation",
        "/Account/Manage/Index",
        "/Account/Manage/ChangePassword",
        "/Account/Manage/TwoFactorAuthentication",
        "/Account/Manage/EnableAuthenticator",
        "/Account/Manage/Disable2fa",
        "/Account/Manage/ResetAuthenticator",
        "/Account/Manage/GenerateRecoveryCodes",
        "/Account/Manage/ShowRecoveryCodes",
        "/Account/Manage/Sessions",
    };

    /// <summary>Pages not on the list lose their route.</summary>
    public static void Restrict(PageConventionCollection conventions) =>
        conventions.AddAreaFolderRouteModelConvention("Identity", "/", model =>
        {
            if (!Live.Contains(model.ViewEnginePath)) model.Selectors.Clear();
        });

    /// <summary>
    /// Any other address under /Identity answers 404 to everyone. Without this a stranger would be sent to the sign-in page
    /// (the fallback policy wants a signed-in person) instead of being told there is no such page.
    /// </summary>
    public static void MapIdentityFallback(this IEndpointRouteBuilder app) =>
        app.MapFallback("/Identity/{**rest}", () => Results.NotFound()).AllowAnonymous();
}
