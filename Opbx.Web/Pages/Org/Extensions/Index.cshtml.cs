using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Opbx.Asterisk.Live;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Pages.Shared;
using Opbx.Web;

namespace Opbx.Pages.Org.Extensions;

/// <summary>
/// The organization's extensions: number, name, member, voicemail, whether it is live in Asterisk and whether its phone is
/// registered now (contact and user agent, from the shared Asterisk snapshot; the list refreshes itself every 5 s).
/// </summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class IndexModel(ExtensionService extensions, AsteriskMonitor asterisk, OrgContext org) : PageModel
{
    public const int PageSize = 50;
    public AsteriskSnapshot Asterisk { get; private set; } = AsteriskSnapshot.NotConfigured;
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    /// <summary>How many extensions the organization has, whatever the search.</summary>
    public int Count { get; private set; }
    /// <summary>The page shown: searched, sorted and paged in the query (an organization may have thousands).</summary>
    public Paged<ExtensionRow> Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<ExtensionRow> Shown => Result.Items;
    public PagerModel Pager => new(Result.Page, Result.Pages, Result.Total, ("extension", "extensions"), "#results", Link);

    public async Task<IActionResult> OnGetAsync()
    {
        var q = Q?.Trim();
        Result = await extensions.PageAsync(q, Math.Max(1, PageNumber), PageSize, HttpContext.RequestAborted);
        Count = string.IsNullOrEmpty(q) ? Result.Total : await extensions.CountAsync(HttpContext.RequestAborted);
        Asterisk = await asterisk.ReadAsync(HttpContext.RequestAborted);
        Response.Headers.Vary = "HX-Request";
        return Page();
    }

    public string Link(int page) => QueryHelpers.AddQueryString(org.Path("/Extensions"),
        new Dictionary<string, string?> { ["q"] = Q, ["page"] = page == 1 ? null : page.ToString() }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
