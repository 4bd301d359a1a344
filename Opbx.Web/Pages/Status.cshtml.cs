using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Data;
using Opbx.Web;

namespace Opbx.Pages;

/// <summary>
/// Error pages for people (the API answers ProblemDetails instead), with the request id to quote: reached by re-execution
/// after an exception (status chosen by <see cref="ErrorResponses.StatusFor"/>) or after a 4xx/5xx status.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string RequestId { get; private set; } = "";

    public void OnGet() => Describe();
    public void OnPost() => Describe();

    private void Describe()
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        // Read from the route, not bound: a posted form must not choose its own error page's status, and a form that could
        // not be read (the reason for a 400) would fail binding again.
        var status = error is not null ? Response.StatusCode : int.TryParse(RouteData.Values["code"] as string, out var code) ? code : 404;
        if (status is < 400 or > 599) status = 404;
        (Title, Message) = status switch
        {
            404 => ("Not found", "There is nothing here, or it belongs to an organization you cannot see."),
            403 => ("Not allowed", "Your role does not allow this page."),
            400 => ("Bad request", "The request could not be understood. Go back and try again."),
            405 => ("Not allowed here", "This page does not take that kind of request. Go back and use the page's own buttons."),
            409 => ("Conflict", "The change conflicts with the current state. Go back, reload and try again."),
            413 => ("Too large", "The request is larger than this page accepts."),
            429 => ("Too many attempts", "Too many attempts came from your address. Wait a few minutes, then try again."),
            503 when DatabaseFault.Of(error) is { } fault => (DatabaseFault.Title(fault), DatabaseFault.Message(fault)),
            503 => ("Unavailable", "The service is unavailable for a moment. Try again shortly."),
            >= 500 => ("Something went wrong", "The error was logged. Try again; if it keeps happening, tell your service provider and quote the request id."),
            _ => ($"Error {status}", "The request could not be completed."),
        };
        RequestId = ErrorResponses.RequestId(HttpContext);
        Response.StatusCode = status;
        ErrorResponses.AddRetryAfter(Response, error);
    }
}
