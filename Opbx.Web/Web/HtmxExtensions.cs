namespace Opbx.Web;

public static class HtmxExtensions
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.TryGetValue("HX-Request", out var value) && value == "true" && !request.Headers.ContainsKey("HX-Boosted");
}
