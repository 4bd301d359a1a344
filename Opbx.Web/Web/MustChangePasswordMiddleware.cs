namespace Opbx.Web;

/// <summary>"must_change_password": until the person chooses a new password, every page leads to the change-password page.</summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    private const string ChangePage = "/Identity/Account/Manage/ChangePassword";
    private static readonly string[] Allowed = [ChangePage, "/Identity/Account/Logout", "/lib", "/css", "/js", "/healthz", "/api"];

    public Task InvokeAsync(HttpContext context, CurrentUser current)
    {
        if (current is { IsSignedIn: true, Account.MustChangePassword: true }
            && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            if (context.Request.Headers.ContainsKey("HX-Request")) context.Response.Headers["HX-Redirect"] = ChangePage;
            else context.Response.Redirect(ChangePage);
            return Task.CompletedTask;
        }
        return next(context);
    }
}
