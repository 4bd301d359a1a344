using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Web;

namespace Opbx.Pages.Platform.Tokens;

public sealed class IndexModel(PlatformTokenService tokens, CurrentUser current) : PageModel, IReloadablePage
{
    [BindProperty] public string Name { get; set; } = "";
    public List<PlatformToken> Tokens { get; private set; } = [];
    public string? Issued { get; private set; }
    public string? IssuedName { get; private set; }

    public Task OnGetAsync() => ReloadAsync();

    public async Task ReloadAsync() =>
        Tokens = await tokens.ListAsync(current.Id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var issued = await tokens.CreateAsync(current.AsPlatformManager, current.Id, Name, HttpContext.RequestAborted);
        // Shown in this response only; a reload does not show it again.
        Issued = issued.Plain;
        IssuedName = issued.Token.Name;
        Name = "";
        ModelState.Clear();
        await ReloadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId)
    {
        await tokens.RevokeAsync(current.AsPlatformManager, tokenId, HttpContext.RequestAborted);
        TempData.Success("Token revoked.");
        return Redirect("/Platform/Tokens");
    }
}
