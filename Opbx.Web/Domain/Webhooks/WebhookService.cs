using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// Webhook endpoints of the current organization and their delivery log: register, change, rotate the secret, delete,
/// resend. The pages and <c>/api/v1/webhooks</c> both come here; the rules are <see cref="AccessRules.ManageWebhooks"/>.
/// Every change to an endpoint is audited by the interceptor (the secret as "changed" only).
/// </summary>
public sealed class WebhookService(OpbxDb db, WebhookSecrets secrets, WebhookSignal signal, IOptions<OpbxOptions> options, TimeProvider clock)
{
    public const int MaxEndpoints = 20;
    public const int LogSize = 100;

    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    private WebhookOptions Options => options.Value.Webhooks;

    /// <summary>Whether the organization may use webhooks at all (the platform's <c>webhooks_enabled</c>).</summary>
    public Task<bool> EnabledAsync(CancellationToken ct = default) =>
        db.Organizations.AnyAsync(o => o.Id == OrganizationId && o.WebhooksEnabled, ct);

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        return await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);
    }

    public async Task<WebhookEndpoint> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        return await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Webhook");
    }

    public async Task<CreatedWebhook> CreateAsync(Actor actor, WebhookInput input, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        var (url, events) = Check(input);
        await using var tx = await db.BeginWriteAsync(ct);
        if (!await EnabledAsync(ct)) throw new RuleViolationException(Verdict.Forbid(AccessRules.WebhooksOff));
        if (await db.WebhookEndpoints.CountAsync(ct) >= MaxEndpoints)
            throw new ValidationException(nameof(WebhookInput.Url), $"An organization has at most {MaxEndpoints} webhook endpoints.");
        var secret = WebhookSecrets.New();
        var endpoint = new WebhookEndpoint
        {
            OrganizationId = OrganizationId, Url = url, Events = events, Enabled = input.Enabled, Secret = secrets.Protect(secret), CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreatedWebhook(endpoint, secret);
    }

    public async Task<WebhookEndpoint> UpdateAsync(Actor actor, Guid id, WebhookInput input, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        var (url, events) = Check(input);
        await using var tx = await db.BeginWriteAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Webhook");
        endpoint.Url = url;
        endpoint.Events = events;
        endpoint.Enabled = input.Enabled;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return endpoint;
    }

    /// <summary>A new signing secret (the old one stops working at once); returned in clear, once.</summary>
    public async Task<CreatedWebhook> RotateSecretAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Webhook");
        var secret = WebhookSecrets.New();
        endpoint.Secret = secrets.Protect(secret);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CreatedWebhook(endpoint, secret);
    }

    /// <summary>Deletes the endpoint and its delivery log.</summary>
    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Webhook");
        await db.WebhookDeliveries.Where(d => d.EndpointId == id).ExecuteDeleteAsync(ct);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The endpoint's newest deliveries first (the delivery log).</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Actor actor, Guid endpointId, CancellationToken ct = default)
    {
        await GetAsync(actor, endpointId, ct);
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(LogSize).ToListAsync(ct);
    }

    /// <summary>Sends the delivery's event again, as a new delivery with the same event id and body, at once.</summary>
    public async Task<WebhookDelivery> ResendAsync(Actor actor, Guid endpointId, Guid deliveryId, CancellationToken ct = default)
    {
        AccessRules.ManageWebhooks(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var original = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, ct)
                       ?? throw new NotFoundException("Delivery");
        if (!await EnabledAsync(ct)) throw new RuleViolationException(Verdict.Forbid(AccessRules.WebhooksOff));
        var now = clock.GetUtcNow();
        var again = new WebhookDelivery
        {
            OrganizationId = original.OrganizationId, EndpointId = original.EndpointId, EventId = original.EventId, EventType = original.EventType,
            Payload = original.Payload, CreatedAt = now, NextAttemptAt = now, ResendOfId = original.ResendOfId ?? original.Id,
        };
        db.WebhookDeliveries.Add(again);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.Wake();
        return again;
    }

    private (string Url, string Events) Check(WebhookInput input)
    {
        var errors = new FieldErrors();
        var (url, urlError) = WebhookUrl.Check(input.Url, Options);
        if (urlError is not null) errors.Add(nameof(WebhookInput.Url), urlError);
        var events = (input.Events ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var unknown in events.Except(WebhookEvents.All))
            errors.Add(nameof(WebhookInput.Events), $"\"{SingleLine(unknown)}\" is not an event; use {string.Join(", ", WebhookEvents.All)}.");
        if (events.Count == 0) errors.Add(nameof(WebhookInput.Events), "Choose at least one event.");
        errors.ThrowIfAny();
        return (url!, string.Join(' ', WebhookEvents.All.Where(events.Contains)));
    }

    private static string SingleLine(string text)
    {
        var clean = new string(text.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length > 40 ? clean[..40] + "…" : clean;
    }
}
