using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Opbx.Web.Authentication;

/// <summary>
/// Identity's stock account pages hand request input to Identity unchecked, so a hand-made request makes them throw (500):
/// an external sign-in provider that does not exist ("No authentication handler is registered for the scheme"), or an empty
/// password field (null, "Value cannot be null"). Here an unknown provider answers 404, and an empty password is an empty
/// string, which Identity then refuses as a wrong password.
/// </summary>
public sealed class IdentityPagesInputFilter(IAuthenticationSchemeProvider schemes) : IAsyncPageFilter
{
    private static readonly string[] ProviderArguments = ["provider", "loginProvider"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.ActionDescriptor.AreaName != "Identity" || HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            await next();
            return;
        }
        var parameters = context.HandlerMethod?.Parameters.Select(p => p.Name) ?? [];
        foreach (var name in parameters.Where(p => ProviderArguments.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            // External providers are the schemes with a display name (Google, Microsoft, ...); Opbx configures none today.
            var provider = context.HandlerArguments.TryGetValue(name, out var value) ? value as string : null;
            var scheme = string.IsNullOrEmpty(provider) ? null : await schemes.GetSchemeAsync(provider);
            if (scheme?.DisplayName is null)
            {
                context.Result = new NotFoundResult();
                return;
            }
        }
        var input = context.HandlerInstance.GetType().GetProperty("Input")?.GetValue(context.HandlerInstance);
        var password = input?.GetType().GetProperty("Password");
        if (password is { PropertyType.Name: nameof(String), CanWrite: true } && password.GetValue(input) is null) password.SetValue(input, "");
        LeaveLengthToThePasswordPolicy(context.ModelState);
        await next();
    }

    /// <summary>
    /// The stock pages that set a password carry their own length rule (6 to 100 characters), which would refuse a passphrase
    /// of 101 to 128 that every other path takes: the length is left to Identity's validators (12 to 128, <c>PasswordPolicy</c>),
    /// which these pages run and whose messages they show.
    /// </summary>
    private static void LeaveLengthToThePasswordPolicy(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state)
    {
        foreach (var key in new[] { "Input.NewPassword", "Input.Password" })
        {
            if (state[key] is not { } entry || entry.Errors.Count == 0) continue;
            foreach (var error in entry.Errors.Where(e => e.ErrorMessage.Contains(" and at max ", StringComparison.Ordinal)).ToList()) entry.Errors.Remove(error);
            if (entry.Errors.Count == 0) entry.ValidationState = Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Valid;
        }
    }
}
