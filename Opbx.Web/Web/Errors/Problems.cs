using Microsoft.AspNetCore.Mvc;

namespace Opbx.Web.Errors;

/// <summary>Writes RFC 7807 ProblemDetails responses from authentication handlers and middleware.</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? challenge = null)
    {
        context.Response.StatusCode = status;
        if (challenge is not null) context.Response.Headers.WWWAuthenticate = challenge;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
