using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Pages.Org.Recordings;

/// <summary>
/// Recorded calls: owners, PBX admins, reporters (and platform managers) see the organization's, PBX users those they made or
/// took. Each plays in the browser and downloads (<see cref="AudioModel"/>); owners may delete one (confirmed, audited).
/// </summary>
[OrgAccess(OrgAccess.Member)]
public sealed class IndexModel(RecordingService recordings, OrgContext org) : PageModel, IReloadablePage
{
    public Paged<RecordingRow> Rows { get; private set; } = null!;
    public long StorageBytes { get; private set; }
    public bool MayDelete => AccessRules.DeleteRecording(org.Actor).IsAllowed;
    public bool SeesEveryCall => AccessRules.SeesEveryCall(org.Actor);

    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public Task OnGetAsync() => ReloadAsync();

    /// <summary>The list again, for a refused delete shown on the page (<see cref="DomainErrorsPageFilter"/>).</summary>
    public async Task ReloadAsync()
    {
        Rows = await recordings.ListAsync(org.Actor, P, 25, HttpContext.RequestAborted);
        if (SeesEveryCall) StorageBytes = await recordings.StorageBytesAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id)
    {
        if (!ModelState.IsValid) return BadRequest();
        await recordings.DeleteAsync(org.Actor, id, HttpContext.RequestAborted);
        TempData.Success("The recording is deleted; the call record stays.");
        return Redirect(org.Path("/Recordings"));
    }
}
