using Microsoft.AspNetCore.Mvc;
using Opbx.Domain.Usage;

namespace Opbx.Pages.Platform;

/// <summary>
/// The platform dashboard's usage across organizations this month (total minutes, the top organizations by minutes and by storage
/// against their limits), as its own component so the dashboard page only places it.
/// </summary>
public sealed class PlatformUsageViewComponent(UsageReport report, CurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        View(await report.ForPlatformAsync(user.AsPlatformManager, HttpContext.RequestAborted));
}
