using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Pages.Org.Users;

[OrgAccess(OrgAccess.Admin)]
public sealed class EditModel(MemberService members, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public MemberUpdate Input { get; set; } = new();
    [BindProperty] public string NewPassword { get; set; } = "";
    [BindProperty] public bool MustChange { get; set; } = true;
    [BindProperty] public DateOnly? DeleteOn { get; set; }
    public MemberRow Member { get; private set; } = null!;
    /// <summary>What the visitor may do to this member; the page offers only that, and says why not where it does not.</summary>
    public MemberOffer Offer { get; private set; } = null!;
    public Verdict Credentials { get; private set; }

    public Task OnGetAsync() => ReloadAsync();

    /// <summary>
    /// Every form on the page shows the member as stored; after a refused post, the form that was sent shows what was
    /// typed (from ModelState) and the others stay as stored, so no form can carry blanks the person never saw.
    /// </summary>
    public async Task ReloadAsync()
    {
        Member = await members.GetRowAsync(Id, HttpContext.RequestAborted);
        (Offer, Credentials) = await members.OfferAsync(org.Actor, Id, HttpContext.RequestAborted);
        Input = new MemberUpdate { Name = Member.Name, Email = Member.Email, Role = Names.Of(Member.Role), Status = Names.Of(Member.Status), Extension = Member.Extension };
        DeleteOn = Member.DeleteOn;
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        // The Details form sends every field it shows: an emptied name or email is a mistake to report, not "unchanged".
        // Fields it does not show (not the visitor's to change) are not sent, and stay as they are.
        Input.Name ??= "";
        if (Request.Form.ContainsKey("Input.Email")) Input.Email ??= "";
        Input.Extension ??= "";
        await members.UpdateAsync(org.Actor, Id, Input, HttpContext.RequestAborted);
        return Done("Saved.");
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        await members.ResetPasswordAsync(org.Actor, Id, NewPassword, MustChange, HttpContext.RequestAborted);
        return Done("Password reset; their open sessions ended.");
    }

    public async Task<IActionResult> OnPostScheduleAsync()
    {
        if (DeleteOn is null) throw new ValidationException(nameof(DeleteOn), "Choose the day to delete them.");
        await members.ScheduleDeletionAsync(org.Actor, Id, DeleteOn, HttpContext.RequestAborted);
        return Done($"Deactivated; they will be deleted on {DeleteOn:yyyy-MM-dd} unless reactivated.");
    }

    public async Task<IActionResult> OnPostResendAsync()
    {
        await members.ResendInvitationAsync(org.Actor, Id, HttpContext.RequestAborted);
        return Done("Invitation sent.");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        await ReloadAsync();
        await members.DeleteAsync(org.Actor, Id, HttpContext.RequestAborted);
        TempData.Success($"Deleted {Member.Name}.");
        return Redirect(org.Path("/Users"));
    }

    private RedirectResult Done(string message)
    {
        TempData.Success(message);
        return Redirect(org.Path($"/Users/{Id}"));
    }
}
