using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Opbx.Web.Forms;

/// <summary>
/// Every page handler that takes a returnUrl gets a local one: anything else (https://evil.test/, //evil.test) becomes "/".
/// Identity's own pages redirect with LocalRedirect, which throws on a foreign URL (500); others might follow it (open redirect).
/// </summary>
public sealed class LocalReturnUrlPageFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerInstance is not PageModel page) return;
        foreach (var name in context.HandlerArguments.Keys.Where(k => string.Equals(k, "returnUrl", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            if (context.HandlerArguments[name] is string url && !page.Url.IsLocalUrl(url)) context.HandlerArguments[name] = "/";
        }
        var property = page.GetType().GetProperty("ReturnUrl");
        if (property is { PropertyType.Name: nameof(String), CanWrite: true } && property.GetValue(page) is string value && !page.Url.IsLocalUrl(value))
            property.SetValue(page, "/");
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
