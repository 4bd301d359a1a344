using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;

namespace Opbx.Web.Forms;

/// <summary>
/// A posted form whose values could not be read into the page's fields (a word in a number field, a checkbox that is neither
/// on nor off, a malformed id) is refused before its handler runs, so nothing is ever saved from the defaults those fields
/// fell back to: the page re-renders with the messages. Pages that are not <see cref="IReloadablePage"/> check
/// <c>ModelState.IsValid</c> themselves.
/// </summary>
public sealed class BindingErrorsPageFilter : IAsyncPageFilter
{
    public const string Summary = "Some values could not be read; check the marked fields and try again.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)
            || context.ModelState.IsValid || context.HandlerInstance is not (PageModel page and IReloadablePage reloadable))
        {
            await next();
            return;
        }
        context.ModelState.AddModelError("", Summary);
        try
        {
            await reloadable.ReloadAsync();
        }
        catch (NotFoundException)
        {
            context.Result = new NotFoundResult();
            return;
        }
        context.Result = page.Page();
    }
}
