using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Extensions;

/// <summary>The organization's extensions: number, name, member, voicemail, and whether it is live in Asterisk.</summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(ExtensionService extensions) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<ExtensionRow> All { get; private set; } = [];
    public IReadOnlyList<ExtensionRow> Shown { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        All = await extensions.ListAsync(HttpContext.RequestAborted);
        var q = Q?.Trim();
        Shown = string.IsNullOrEmpty(q) ? All : All.Where(x => x.Number.Contains(q, StringComparison.Ordinal)
            || x.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || (x.MemberName?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        Response.Headers.Vary = "HX-Request";
        return Page();
    }
}
