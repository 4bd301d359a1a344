using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Organizations;

namespace Opbx.Pages.Platform;

public sealed class IndexModel(PlatformDashboard dashboard) : PageModel
{
    public PlatformStats Stats { get; private set; } = null!;

    public async Task OnGetAsync() => Stats = await dashboard.ReadAsync(HttpContext.RequestAborted);
}
