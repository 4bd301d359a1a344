using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>/Org: on to the organization asked for, else the default one, else the first.</summary>
public sealed class IndexModel(CurrentUser current) : PageModel
{
    public bool IsPlatformManager => current.IsPlatformManager;

    public IActionResult OnGet(Guid? org)
    {
        var usable = current.UsableMemberships.ToList();
        var target = usable.FirstOrDefault(m => m.OrganizationId == org)
                     ?? usable.FirstOrDefault(m => m.OrganizationId == current.Account!.DefaultOrganizationId)
                     ?? usable.FirstOrDefault();
        return target is null ? Page() : Redirect($"/Org/{target.OrganizationId}");
    }
}
