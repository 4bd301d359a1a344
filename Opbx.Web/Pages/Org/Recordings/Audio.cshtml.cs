using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Calls;
using Opbx.Web;

namespace Opbx.Pages.Org.Recordings;

/// <summary>
/// One recording's audio (WAV), streamed with range requests (the browser's player seeks with them); <c>?download=true</c> saves
/// it. Found by the call record's id only: another organization's recording, one the person may not open, and any id without
/// a file are 404.
/// </summary>
[OrgAccess(OrgAccess.Member)]
public sealed class AudioModel(RecordingService recordings, OrgContext org) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, bool download = false)
    {
        if (await recordings.OpenAsync(org.Actor, id, HttpContext.RequestAborted) is not { } file) return NotFound();
        Response.Headers.CacheControl = "private, no-store";
        return new PhysicalFileResult(file.Path, "audio/wav")
        {
            EnableRangeProcessing = true,
            FileDownloadName = download ? $"call-{id}.wav" : null,
        };
    }
}
