using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Web;

namespace Opbx.Areas.Identity.Pages.Account;

/// <summary>
/// Where a signed-in person lands when their role does not allow a page (the cookie's access-denied path): the app's
/// own page in plain words, answering 403 so that nothing takes the refusal for a page that opened.
/// </summary>
public sealed class AccessDeniedModel(CurrentUser current) : PageModel
{
    public string? Name => current.Account?.Name;

    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        // The page is the answer; the generic status page must not replace it.
        if (HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}
