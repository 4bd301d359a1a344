using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Pbx;

namespace Opbx.Pages.Platform.Trunks;

/// <summary>Shared trunks: the provider's carriers, which every organization's numbers may arrive on and its routes may use.</summary>
public sealed class IndexModel(TrunkService trunks) : PageModel
{
    public IReadOnlyList<TrunkRow> Trunks { get; private set; } = [];

    public async Task OnGetAsync() => Trunks = (await trunks.ListAsync(HttpContext.RequestAborted)).Where(t => t.Shared).ToList();
}
