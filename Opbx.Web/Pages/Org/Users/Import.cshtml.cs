using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Org.Users;

/// <summary>Upload → dry-run report → confirm → applied in one transaction. The file travels in the form between the two steps.</summary>
[OrgAccess(OrgAccess.Admin)]
[RequestFormLimits(MultipartBodyLengthLimit = MemberCsv.MaxBytes * 2, ValueLengthLimit = MemberCsv.MaxBytes * 2)]
[RequestSizeLimit(MemberCsv.MaxBytes * 3)]
public sealed class ImportModel(MemberCsv csv, OrgContext org) : PageModel
{
    public ImportPlan? Plan { get; private set; }
    public string? FileContent { get; private set; }
    public bool Applied { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Plan = new ImportPlan([], "Choose a CSV file to check.");
            return Page();
        }
        if (file.Length > MemberCsv.MaxBytes)
        {
            Plan = new ImportPlan([], $"The file is larger than {MemberCsv.MaxBytes / 1024 / 1024} MB; split it.");
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, HttpContext.RequestAborted);
        var bytes = buffer.ToArray();
        Plan = await csv.PlanAsync(org.Actor, bytes, HttpContext.RequestAborted);
        FileContent = Convert.ToBase64String(bytes);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? content, bool invite)
    {
        if (!ModelState.IsValid)
        {
            Plan = new ImportPlan([], "The form could not be read; choose the file again.");
            return Page();
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(content ?? "");
        }
        catch (FormatException)
        {
            Plan = new ImportPlan([], "The upload was lost; choose the file again.");
            return Page();
        }
        try
        {
            Plan = await csv.ApplyAsync(org.Actor, bytes, invite, HttpContext.RequestAborted);
            Applied = true;
        }
        catch (Opbx.Domain.ValidationException)
        {
            // Something changed since the dry run: show the fresh report instead.
            Plan = await csv.PlanAsync(org.Actor, bytes, HttpContext.RequestAborted);
            FileContent = content;
        }
        return Page();
    }
}
