using Microsoft.AspNetCore.WebUtilities;

namespace Opbx.Web.Errors;

/// <summary>
/// Every ProblemDetails carries a <c>type</c> and a <c>title</c>: ASP.NET Core fills them for the common statuses only, so
/// a 413 or a 429 (rate limit, daily quota, throttled credentials) would otherwise answer without them.
/// </summary>
public static class ApiProblems
{
    private static readonly Dictionary<int, string> Types = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Type ??= Types.GetValueOrDefault(status) ?? $"https://developer.mozilla.org/docs/Web/HTTP/Status/{status}";
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
    }
}
