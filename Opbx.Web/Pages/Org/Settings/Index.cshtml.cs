using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Pages.Org.Settings;

/// <summary>Owners: contact details, compliance and API keys of their organization.</summary>
[OrgAccess(OrgAccess.Owner)]
public sealed class IndexModel(OrganizationProfile profile, ApiKeyService keys, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public string? ContactEmail { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }
    [BindProperty] public string RecordingConsentMode { get; set; } = "none";
    [BindProperty] public int CdrRetentionDays { get; set; }
    [BindProperty] public int RecordingRetentionDays { get; set; }
    [BindProperty] public bool PiiMasking { get; set; }
    [BindProperty] public string UsageAlertThresholds { get; set; } = "";
    [BindProperty] public bool MinutesHardLimit { get; set; }
    [BindProperty] public bool StorageHardLimit { get; set; }
    [BindProperty] public string KeyName { get; set; } = "";
    [BindProperty] public List<string> KeyScopes { get; set; } = ["users:read"];

    public Organization Organization { get; private set; } = null!;
    public List<ApiKey> Keys { get; private set; } = [];
    public IssuedApiKey? Issued { get; private set; }

    public Task OnGetAsync() => ReloadAsync();

    /// <summary>Each form shows the settings as stored; after a refused post, the form that was sent keeps what was typed (ModelState).</summary>
    public async Task ReloadAsync()
    {
        Organization = await profile.GetAsync(HttpContext.RequestAborted);
        Keys = await keys.ListAsync(HttpContext.RequestAborted);
        ContactEmail = Organization.ContactEmail;
        ContactPhone = Organization.ContactPhone;
        RecordingConsentMode = Names.Of(Organization.RecordingConsentMode);
        CdrRetentionDays = Organization.CdrRetentionDays;
        RecordingRetentionDays = Organization.RecordingRetentionDays;
        PiiMasking = Organization.PiiMasking;
        UsageAlertThresholds = Organization.UsageAlertThresholds.Replace(",", ", ");
        MinutesHardLimit = Organization.MinutesHardLimit;
        StorageHardLimit = Organization.StorageHardLimit;
    }

    public async Task<IActionResult> OnPostContactAsync()
    {
        await profile.UpdateContactAsync(org.Actor, ContactEmail, ContactPhone, HttpContext.RequestAborted);
        return Done("Saved the contact details.");
    }

    public async Task<IActionResult> OnPostComplianceAsync()
    {
        await profile.UpdateComplianceAsync(org.Actor, RecordingConsentMode, CdrRetentionDays, RecordingRetentionDays, PiiMasking, HttpContext.RequestAborted);
        return Done("Saved the compliance settings.");
    }

    public async Task<IActionResult> OnPostUsageAsync()
    {
        await profile.UpdateUsageAsync(org.Actor, UsageAlertThresholds, MinutesHardLimit, StorageHardLimit, HttpContext.RequestAborted);
        return Done("Saved the usage alerts and limits.");
    }

    public async Task<IActionResult> OnPostCreateKeyAsync()
    {
        try
        {
            Issued = await keys.CreateAsync(org.Actor, KeyName, KeyScopes, HttpContext.RequestAborted);
        }
        catch (ValidationException e)
        {
            // The service names the fields Name and Scopes; on this page they are KeyName and KeyScopes.
            throw new ValidationException(e.Errors.ToDictionary(
                kv => kv.Key switch { "Name" => nameof(KeyName), "Scopes" => nameof(KeyScopes), _ => kv.Key }, kv => kv.Value));
        }
        return await ShowOnce();
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid keyId)
    {
        Issued = await keys.RotateAsync(org.Actor, keyId, HttpContext.RequestAborted);
        return await ShowOnce();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId)
    {
        await keys.RevokeAsync(org.Actor, keyId, HttpContext.RequestAborted);
        return Done("The key was revoked.");
    }

    /// <summary>The secret is in this response only; the page shows the rest of the settings as they are.</summary>
    private async Task<IActionResult> ShowOnce()
    {
        var issued = Issued;
        ModelState.Clear();
        await OnGetAsync();
        Issued = issued;
        KeyName = "";
        return Page();
    }

    private RedirectResult Done(string message)
    {
        TempData.Success(message);
        return Redirect(org.Path("/Settings"));
    }
}
