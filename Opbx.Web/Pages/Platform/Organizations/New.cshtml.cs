using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Pages.Platform.Organizations;

/// <summary>The three-step create wizard (SPEC §3). State travels in the form, so every step also works without JavaScript.</summary>
public sealed class NewModel(OrganizationService organizations, CurrentUser current) : PageModel
{
    private static readonly string[] IdentityFields = ["Name", "Industry", "ContactEmail", "ContactPhone"];

    [BindProperty] public OrganizationSettings Settings { get; set; } = IndustryPresets.For(Industry.General);
    [BindProperty] public string OwnerName { get; set; } = "";
    [BindProperty] public string OwnerEmail { get; set; } = "";
    /// <summary>The industry whose preset the settings were filled from; a different industry in step 1 fills them again.</summary>
    [BindProperty] public Industry? PresetFor { get; set; }

    public int Step { get; private set; } = 1;
    public CreatedOrganization? Created { get; private set; }

    public void OnGet() => Settings.Name = "";

    public IActionResult OnPostDetails()
    {
        var errors = Settings.Validate().Where(e => IdentityFields.Contains(e.Key)).ToDictionary();
        if (string.IsNullOrWhiteSpace(OwnerName) || OwnerName.Trim().Length > 100) errors["OwnerName"] = ["Enter the owner's name (at most 100 characters)."];
        if (!EmailAddress.IsValid(OwnerEmail)) errors["OwnerEmail"] = ["Enter the owner's email address, like owner@example.com."];
        ModelState.Clear();
        if (errors.Count > 0) return Show(1, errors);
        if (PresetFor != Settings.Industry)
        {
            var preset = IndustryPresets.For(Settings.Industry);
            preset.Name = Settings.Name;
            preset.ContactEmail = Settings.ContactEmail;
            preset.ContactPhone = Settings.ContactPhone;
            Settings = preset;
            PresetFor = Settings.Industry;
        }
        return Show(2);
    }

    public IActionResult OnPostSettings()
    {
        ModelState.Clear();
        var errors = Settings.Validate();
        return errors.Count > 0 ? Show(2, errors) : Show(3);
    }

    /// <summary>One step back; <paramref name="from"/> is the step the form was on.</summary>
    public IActionResult OnPostBack(int from)
    {
        ModelState.Clear();
        return Show(Math.Clamp(from - 1, 1, 2));
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        ModelState.Clear();
        Step = 3;
        Created = await organizations.CreateAsync(current.AsPlatformManager, Settings, OwnerName, OwnerEmail, HttpContext.RequestAborted);
        return Page();
    }

    private IActionResult Show(int step, Dictionary<string, string[]>? errors = null)
    {
        Step = step;
        foreach (var (field, messages) in errors ?? [])
        {
            var key = field is "OwnerName" or "OwnerEmail" ? field : $"{nameof(Settings)}.{field}";
            foreach (var m in messages) ModelState.AddModelError(key, m);
        }
        return Page();
    }
}
