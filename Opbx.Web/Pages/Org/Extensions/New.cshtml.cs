using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Extensions;

[OrgAccess(OrgAccess.Admin)]
public sealed class NewModel(ExtensionService extensions, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public ExtensionInput Input { get; set; } = new();
    /// <summary>What the member picker posted ("Ana Lopez &lt;ana@…&gt;"), under the domain's key for the member's errors.</summary>
    [BindProperty] public string? MembershipId { get; set; }
    /// <summary>Set in the response to a successful create only: the password is shown this once.</summary>
    public SipAccount? Created { get; private set; }

    public void OnGet() { }

    public Task ReloadAsync() => Task.CompletedTask;

    public async Task<IActionResult> OnPostAsync()
    {
        // With voicemail switched off the form has no voicemail fields; the extension gets no box.
        if (!choices.Voicemail) Input.VoicemailEnabled = false;
        Input.MembershipId = await choices.MemberAsync(MembershipId, nameof(MembershipId), HttpContext.RequestAborted);
        Created = await extensions.CreateAsync(org.Actor, Input, HttpContext.RequestAborted);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
