using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Opbx.Domain;

namespace Opbx.Web.Authentication;

/// <summary>
/// Identity's two-factor pages opened out of order throw (500) instead of answering. The second step of a sign-in
/// (authenticator code or recovery code) without the first (a bookmark, an expired step, a probe) goes back to the sign-in
/// page ("Unable to load two-factor authentication user"); turning off two-factor or making new recovery codes while it is
/// off goes to the two-factor settings ("Cannot disable 2FA for user as it's not currently enabled").
/// </summary>
public sealed class TwoFactorStepPageFilter(SignInManager<Account> signIn) : IAsyncPageFilter
{
    private static readonly string[] SecondSteps = ["/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];
    private static readonly string[] NeedTwoFactor = ["/Account/Manage/Disable2fa", "/Account/Manage/GenerateRecoveryCodes"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.ActionDescriptor.AreaName == "Identity" && SecondSteps.Contains(context.ActionDescriptor.ViewEnginePath, StringComparer.Ordinal)
            && await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            context.Result = new RedirectResult("/Identity/Account/Login");
            return;
        }
        if (context.ActionDescriptor.AreaName == "Identity" && NeedTwoFactor.Contains(context.ActionDescriptor.ViewEnginePath, StringComparer.Ordinal)
            && await signIn.UserManager.GetUserAsync(context.HttpContext.User) is { TwoFactorEnabled: false })
        {
            context.Result = new RedirectResult("/Identity/Account/Manage/TwoFactorAuthentication");
            return;
        }
        await next();
    }
}
