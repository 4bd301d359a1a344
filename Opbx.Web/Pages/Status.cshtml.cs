using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Opbx.Pages;

/// <summary>Error pages for people (the API answers ProblemDetails instead).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    [BindProperty(SupportsGet = true)] public int Code { get; set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet() => Describe();
    public void OnPost() => Describe();

    private void Describe()
    {
        (Title, Message) = Code switch
        {
            404 => ("Not found", "There is nothing here, or it belongs to an organization you cannot see."),
            403 => ("Not allowed", "Your role does not allow this page."),
            400 => ("Bad request", "The request could not be understood. Go back and try again."),
            429 => ("Too many attempts", "Too many attempts came from your address. Wait a few minutes, then try again."),
            500 => ("Something went wrong", "The error was logged. Try again; if it keeps happening, tell your service provider."),
            _ => ($"Error {Code}", "The request could not be completed."),
        };
        Response.StatusCode = Code is >= 400 and < 600 ? Code : 500;
    }
}
