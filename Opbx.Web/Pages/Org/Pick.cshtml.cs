using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Values;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>
/// The suggestions of the telephony forms' pickers: the <c>option</c> elements of a <c>datalist</c>, at most
/// <see cref="PbxChoices.PickLimit"/>, for what was typed so far. htmx sends the field's value under the field's own name
/// (<c>MemberIds[3]</c>, <c>Fallback</c>), so the text searched is that of the one parameter that is not the handler's.
/// </summary>
[OrgAccess(OrgAccess.Admin)]
public sealed class PickModel(PbxChoices choices) : PageModel
{
    [FromQuery(Name = "except")] public Guid? Except { get; set; }
    public IReadOnlyList<string> Options { get; private set; } = [];

    public async Task<IActionResult> OnGetExtensionsAsync()
    {
        Options = await choices.ExtensionOptionsAsync(Typed(), HttpContext.RequestAborted);
        return Answer();
    }

    public async Task<IActionResult> OnGetMembersAsync()
    {
        Options = await choices.MemberOptionsAsync(Typed(), HttpContext.RequestAborted);
        return Answer();
    }

    public async Task<IActionResult> OnGetDestinationsAsync()
    {
        Options = await choices.DestinationOptionsAsync(Typed(), Except, HttpContext.RequestAborted);
        return Answer();
    }

    private string? Typed()
    {
        var typed = Request.Query.Where(p => p.Key is not ("handler" or "except")).Select(p => p.Value.ToString()).FirstOrDefault();
        return typed is null ? null : LikePattern.Searchable(typed);
    }

    private PageResult Answer()
    {
        // The suggestions change with every extension saved: never kept by a cache.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
