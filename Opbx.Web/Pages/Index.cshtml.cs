using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Web;

namespace Opbx.Pages;

/// <summary>Home: platform managers land on the platform dashboard, members in their default organization.</summary>
public sealed class IndexModel(CurrentUser current) : PageModel
{
    public IActionResult OnGet()
    {
        if (current.IsPlatformManager) return Redirect("/Platform");
        return Redirect("/Org");
    }
}
