using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>
/// The address where each organization once had its own "My profile": it leads to the one profile under the account
/// pages, which edits the same name, phone and default organization for every organization at once.
/// </summary>
[OrgAccess(OrgAccess.Member)]
public sealed class ProfileModel : PageModel
{
    public const string AccountProfile = "/Identity/Account/Manage";

    public IActionResult OnGet() => Redirect(AccountProfile);
}
