using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Opbx.Domain.Webhooks;
using Opbx.Web;

namespace Opbx.Pages.Org.Settings;

/// <summary>
/// Owners: the organization's webhook endpoints (register, change, rotate the secret, delete) and, for one endpoint, its
/// delivery log with "Resend". While the organization's <c>webhooks_enabled</c> is off the page says so and offers nothing.
/// </summary>
[OrgAccess(OrgAccess.Owner)]
public sealed class WebhooksModel(WebhookService webhooks, OrgContext org) : PageModel, IReloadablePage
{
    [BindProperty] public string? EndpointUrl { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [.. WebhookEvents.All];
    [BindProperty] public bool Enabled { get; set; } = true;

    [FromRoute] public Guid? Endpoint { get; set; }

    public bool WebhooksEnabled { get; private set; }
    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];
    public WebhookEndpoint? Selected { get; private set; }
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];
    public CreatedWebhook? Issued { get; private set; }

    public async Task OnGetAsync()
    {
        await ReloadAsync();
        if (Selected is not null)
        {
            EndpointUrl = Selected.Url;
            Events = Selected.EventList.ToList();
            Enabled = Selected.Enabled;
        }
    }

    public async Task ReloadAsync()
    {
        var ct = HttpContext.RequestAborted;
        WebhooksEnabled = await webhooks.EnabledAsync(ct);
        Endpoints = await webhooks.ListAsync(org.Actor, ct);
        if (Endpoint is { } id)
        {
            Selected = Endpoints.FirstOrDefault(e => e.Id == id) ?? throw new Opbx.Domain.NotFoundException("Webhook");
            Deliveries = await webhooks.DeliveriesAsync(org.Actor, id, ct);
        }
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Issued = await Renamed(() => webhooks.CreateAsync(org.Actor, Input(), HttpContext.RequestAborted));
        return await ShowOnce();
    }

    public async Task<IActionResult> OnPostUpdateAsync()
    {
        var endpoint = await Renamed(() => webhooks.UpdateAsync(org.Actor, Endpoint ?? Guid.Empty, Input(), HttpContext.RequestAborted));
        TempData.Success("Saved the endpoint.");
        return Redirect(org.Path($"/Settings/Webhooks/{endpoint.Id}"));
    }

    public async Task<IActionResult> OnPostRotateAsync()
    {
        Issued = await webhooks.RotateSecretAsync(org.Actor, Endpoint ?? Guid.Empty, HttpContext.RequestAborted);
        return await ShowOnce();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        await webhooks.DeleteAsync(org.Actor, Endpoint ?? Guid.Empty, HttpContext.RequestAborted);
        TempData.Success("The endpoint and its delivery log were deleted.");
        return Redirect(org.Path("/Settings/Webhooks"));
    }

    public async Task<IActionResult> OnPostResendAsync(Guid deliveryId)
    {
        await webhooks.ResendAsync(org.Actor, Endpoint ?? Guid.Empty, deliveryId, HttpContext.RequestAborted);
        TempData.Success("The event is being sent again; its delivery is at the top of the log.");
        return Redirect(org.Path($"/Settings/Webhooks/{Endpoint}"));
    }

    private WebhookInput Input() => new() { Url = EndpointUrl, Events = Events, Enabled = Enabled };

    /// <summary>The service names the field Url; on this page it is EndpointUrl (PageModel has its own Url).</summary>
    private static async Task<T> Renamed<T>(Func<Task<T>> save)
    {
        try
        {
            return await save();
        }
        catch (Opbx.Domain.ValidationException e)
        {
            throw new Opbx.Domain.ValidationException(e.Errors.ToDictionary(kv => kv.Key == nameof(WebhookInput.Url) ? nameof(EndpointUrl) : kv.Key, kv => kv.Value));
        }
    }

    /// <summary>The secret is in this response only.</summary>
    private async Task<IActionResult> ShowOnce()
    {
        var issued = Issued;
        ModelState.Clear();
        Endpoint = issued!.Endpoint.Id;
        await OnGetAsync();
        Issued = issued;
        return Page();
    }
}
