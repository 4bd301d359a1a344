using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Asterisk.Live;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Extensions;

/// <summary>
/// The organization's extensions: number, name, member, voicemail, whether it is live in Asterisk and whether its phone is
/// registered now (contact and user agent, from the shared Asterisk snapshot; the list refreshes itself every 5 s).
/// </summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(ExtensionService extensions, AsteriskMonitor asterisk) : PageModel
{
    public AsteriskSnapshot Asterisk { get; private set; } = AsteriskSnapshot.NotConfigured;
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<ExtensionRow> All { get; private set; } = [];
    public IReadOnlyList<ExtensionRow> Shown { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        All = await extensions.ListAsync(HttpContext.RequestAborted);
        Asterisk = await asterisk.ReadAsync(HttpContext.RequestAborted);
        var q = Q?.Trim();
        Shown = string.IsNullOrEmpty(q) ? All : All.Where(x => x.Number.Contains(q, StringComparison.Ordinal)
            || x.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || (x.MemberName?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        Response.Headers.Vary = "HX-Request";
        return Page();
    }
}
