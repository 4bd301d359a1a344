namespace Opbx.Web.Htmx;

public static class HtmxExtensions
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.TryGetValue("HX-Request", out var value) && value == "true" && !request.Headers.ContainsKey("HX-Boosted");

    /// <summary>
    /// The layout a page of the product renders in: none for an htmx GET (a search box, a filter, the pager), which swaps in
    /// the page's own list and never the menu, the top bar and the scripts around it. The answer varies by HX-Request, so
    /// a cache never hands the bare list to a browser that asked for the page.
    /// </summary>
    public static string? LayoutFor(this HttpContext context, string layout)
    {
        if (!context.Response.Headers.Vary.Any(v => v is not null && v.Contains("HX-Request", StringComparison.OrdinalIgnoreCase)))
            context.Response.Headers.Append("Vary", "HX-Request");
        return HttpMethods.IsGet(context.Request.Method) && context.Request.IsHtmx() ? null : layout;
    }
}
