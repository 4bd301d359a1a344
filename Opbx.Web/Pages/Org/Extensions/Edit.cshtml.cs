using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Pages.Org.Extensions;

[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(ExtensionService extensions, PbxChoices choices, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public ExtensionInput Input { get; set; } = new();
    public ExtensionRow Extension { get; private set; } = null!;
    public ExtensionUsage Usage { get; private set; } = null!;
    /// <summary>What the member picker posted ("Ana Lopez &lt;ana@…&gt;"), under the domain's key for the member's errors.</summary>
    [BindProperty] public string? MembershipId { get; set; }
    /// <summary>Set only in the response to "Show credentials" or "New password".</summary>
    public SipAccount? Revealed { get; private set; }

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        Input = new ExtensionInput { Number = Extension.Number, Name = Extension.Name, MembershipId = Extension.MembershipId, VoicemailEnabled = Extension.VoicemailEnabled };
        MembershipId = await choices.MemberTextAsync(Extension.MembershipId, HttpContext.RequestAborted);
    }

    public async Task ReloadAsync()
    {
        Extension = await extensions.GetAsync(Id, HttpContext.RequestAborted);
        Usage = await extensions.UsageAsync(Id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!choices.Voicemail) Input.VoicemailEnabled = (await extensions.GetAsync(Id, HttpContext.RequestAborted)).VoicemailEnabled;
        Input.MembershipId = await choices.MemberAsync(MembershipId, nameof(MembershipId), HttpContext.RequestAborted);
        await extensions.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        TempData.Success("Saved; the change is being deployed.");
        return Redirect(org.Path($"/Extensions/{Id}"));
    }

    public Task<IActionResult> OnPostCredentialsAsync() => ShowAsync(extensions.RevealAsync(org.Actor, Id, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostNewPasswordAsync() => ShowAsync(extensions.ResetPasswordAsync(org.Actor, Id, HttpContext.RequestAborted));

    private async Task<IActionResult> ShowAsync(Task<SipAccount> account)
    {
        Revealed = await account;
        await OnGetAsync();
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var extension = await extensions.GetAsync(Id, HttpContext.RequestAborted);
        var usage = await extensions.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success(usage.Any
            ? $"Deleted extension {extension.Number}; it was removed from {string.Join(", ", usage.RingGroups.Concat(usage.Queues).Concat(usage.Destinations))}."
            : $"Deleted extension {extension.Number}.");
        return Redirect(org.Path("/Extensions"));
    }
}
