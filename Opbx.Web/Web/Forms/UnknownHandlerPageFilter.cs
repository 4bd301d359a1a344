using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Opbx.Web.Forms;

/// <summary>
/// A request that names a handler the page does not have (?handler=Nope) answers 404, and an unsafe method on a page
/// without a handler for it answers 405. Razor Pages would otherwise render the page without running any handler, with
/// none of its data loaded (NullReferenceException, 500).
/// </summary>
public sealed class UnknownHandlerPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        // The error page, re-executed for a failed request, keeps that request's ?handler=; it must render all the same.
        if (context.HttpContext.Features.Get<IExceptionHandlerFeature>() is not null || context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            return next();
        var named = context.RouteData.Values["handler"] as string is { Length: > 0 } fromRoute ? fromRoute : request.Query["handler"].ToString();
        // Razor Pages falls back to the unnamed handler (or to none) when the named one does not exist.
        if (named.Length > 0 && !string.Equals(context.HandlerMethod?.Name, named, StringComparison.OrdinalIgnoreCase))
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }
        if (context.HandlerMethod is null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && context.ActionDescriptor.HandlerMethods.Count > 0)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return Task.CompletedTask;
        }
        return next();
    }
}
