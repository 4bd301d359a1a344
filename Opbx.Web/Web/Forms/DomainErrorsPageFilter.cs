using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Web.Forms;

/// <summary>
/// Registered once for all pages: a refused rule or invalid input thrown by a domain service becomes a
/// message next to its field (or at the top of the form) and the page re-renders; unknown ids become 404.
/// </summary>
public sealed class DomainErrorsPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null || executed.HandlerInstance is not PageModel page) return;
        switch (executed.Exception)
        {
            case NotFoundException:
                executed.Result = new NotFoundResult();
                break;
            case ValidationException v:
                foreach (var (field, messages) in v.Errors)
                {
                    foreach (var message in messages) page.ModelState.AddModelError(KeyOf(page, field), message);
                }
                executed.Result = await ReRender(page);
                break;
            case RuleViolationException r:
                // A refusal about one input (a duplicate e-mail) shows next to it; others at the top of the form.
                page.ModelState.AddModelError(r.Field is null ? "" : KeyOf(page, r.Field), r.Verdict.Message);
                executed.Result = await ReRender(page);
                break;
            default:
                return;
        }
        executed.ExceptionHandled = true;
    }

    /// <summary>The form's key for a domain field name: "Email" is "Input.Email" on a page that binds Input.</summary>
    private static string KeyOf(PageModel page, string field) =>
        page.ModelState.Keys.FirstOrDefault(k => k == field || k.EndsWith("." + field, StringComparison.Ordinal)) ?? field;

    private static async Task<IActionResult> ReRender(PageModel page)
    {
        if (page is IReloadablePage reloadable) await reloadable.ReloadAsync();
        return page.Page();
    }
}
