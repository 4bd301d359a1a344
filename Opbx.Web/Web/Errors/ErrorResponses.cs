using System.Diagnostics;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Web.Errors;

/// <summary>
/// Errors fit the client. Everything under /api answers RFC 7807 ProblemDetails, whatever went wrong (unknown route, wrong
/// method or content type, refused input, an exception); people get the product's error page with the request id, which
/// is also in the log line of the failure. Neither shows a stack trace.
/// </summary>
public static class ErrorResponses
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>The id a person can quote from an error page or a ProblemDetails body (its traceId) to find the log line.</summary>
    public static string RequestId(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    public static IApplicationBuilder UseErrorResponses(this IApplicationBuilder app)
    {
        app.UseWhen(c => IsApi(c.Request), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor, AllowStatusCode404Response = true });
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c.Request), web =>
        {
            web.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Status/500",
                StatusCodeSelector = StatusFor,
                AllowStatusCode404Response = true,
            });
            web.UseStatusCodePagesWithReExecute("/Status/{0}");
        });
        return app;
    }

    /// <summary>The status an exception that escaped a handler answers with: refusals and faults keep their meaning, the rest is 500.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        ValidationException or System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
        BadHttpRequestException b => b.StatusCode,
        RuleViolationException { Verdict.Outcome: Outcome.Conflict } => StatusCodes.Status409Conflict,
        RuleViolationException { Verdict.Outcome: Outcome.NotFound } => StatusCodes.Status404NotFound,
        RuleViolationException => StatusCodes.Status403Forbidden,
        _ when DatabaseFault.Of(exception) is not null => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Tells a client when to try again after a storage fault.</summary>
    public static void AddRetryAfter(HttpResponse response, Exception? exception)
    {
        if (DatabaseFault.Of(exception) is { } fault) response.Headers.RetryAfter = DatabaseFault.RetryAfterSeconds(fault).ToString();
    }
}
