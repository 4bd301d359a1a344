using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Where the person is signed in (browser, address, last seen), with "sign out this session" and "sign out everywhere",
/// and their recent account activity (sign-ins, failures, lockouts, password and two-factor changes).
/// </summary>
public sealed class SessionsModel(AccountSessions sessions, CurrentUser current, SignInManager<Domain.People.Account> signIn, SecurityLog log)
    : PageModel
{
    public List<AccountSession> Sessions { get; private set; } = [];
    public List<AuditEntry> Activity { get; private set; } = [];
    public Guid? ThisSession => Guid.TryParse(User.FindFirstValue(AccountSessions.Claim), out var id) ? id : null;

    public async Task OnGetAsync()
    {
        Sessions = await sessions.ActiveAsync(current.Id, HttpContext.RequestAborted);
        Activity = await log.RecentAsync(current.Id, ct: HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id)
    {
        // A value that is no session id names no session: nothing to end, nothing to record.
        if (!ModelState.IsValid) return BadRequest();
        if (id == ThisSession)
        {
            await signIn.SignOutAsync();
            return Redirect("/Identity/Account/Login");
        }
        if (!await sessions.EndAsync(current.Id, id, HttpContext.RequestAborted))
        {
            TempData.Success("That session had already ended.");
            return RedirectToPage();
        }
        await log.RecordAsync(SecurityLog.SessionsEnded, current.Account, null, "Signed out one other session.", HttpContext.RequestAborted);
        TempData.Success("That session is signed out.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndAllAsync()
    {
        await sessions.EndAllAsync(current.Id, HttpContext.RequestAborted);
        await log.RecordAsync(SecurityLog.SessionsEnded, current.Account, null, "Signed out everywhere.", HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        return Redirect("/Identity/Account/Login");
    }

    /// <summary>"Firefox on Linux" from a User-Agent; the whole string is in the row's tooltip.</summary>
    public static string Describe(string userAgent)
    {
        string? browser = userAgent switch
        {
            _ when userAgent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when userAgent.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("Chromium/", StringComparison.Ordinal) => "Chrome",
            _ when userAgent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => null,
        };
        string? system = userAgent switch
        {
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when userAgent.Contains("Mac OS X", StringComparison.Ordinal) => "macOS",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        return (browser, system) switch
        {
            (null, null) => userAgent.Length == 0 ? "Unknown browser" : userAgent.Length > 40 ? userAgent[..40] + "…" : userAgent,
            (null, _) => $"A browser on {system}",
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }
}
