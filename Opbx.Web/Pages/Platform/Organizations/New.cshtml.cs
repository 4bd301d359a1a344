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
        if (Unreadable(1) is { } refused) return refused;
        var errors = Settings.Validate().Where(e => IdentityFields.Contains(e.Key)).ToDictionary();
        if (SingleLineText.Problem(OwnerName) is { } problem) errors["OwnerName"] = [problem];
        else if (SingleLineText.Normalize(OwnerName).Length is < 1 or > 100) errors["OwnerName"] = ["Enter the owner's name (at most 100 characters)."];
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
        if (Unreadable(2) is { } refused) return refused;
        ModelState.Clear();
        var errors = Settings.Validate();
        return errors.Count > 0 ? Show(2, errors) : Show(3);
    }

    /// <summary>One step back; <paramref name="from"/> is the step the form was on.</summary>
    public IActionResult OnPostBack(int from)
    {
        if (Unreadable(Math.Clamp(from, 1, 3)) is { } refused) return refused;
        ModelState.Clear();
        return Show(Math.Clamp(from - 1, 1, 2));
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (Unreadable(3) is { } refused) return refused;
        ModelState.Clear();
        Step = 3;
        Created = await organizations.CreateAsync(current.AsPlatformManager, Settings, OwnerName, OwnerEmail, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>
    /// Values that could not be read into the settings (a word in a number field, a switch neither on nor off) stop the wizard on
    /// the step they were sent from, with their messages, instead of carrying on with the fields' defaults.
    /// </summary>
    private IActionResult? Unreadable(int step)
    {
        if (ModelState.IsValid) return null;
        ModelState.AddModelError("", BindingErrorsPageFilter.Summary);
        Step = step;
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
