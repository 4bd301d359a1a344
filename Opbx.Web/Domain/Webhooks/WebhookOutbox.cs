using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Pbx;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// Turns events into pending deliveries, one per enabled endpoint of the organization that receives the event type, only
/// while the organization's <c>webhooks_enabled</c> is on. Adding an event that already has its deliveries adds nothing
/// (same event id; a unique index backs this), so a repeated event is never sent twice. Sending is the dispatcher's job.
/// </summary>
public sealed class WebhookOutbox(TimeProvider clock)
{
    /// <summary>Adds the deliveries of one event to <paramref name="db"/> (saved by the caller); returns how many.</summary>
    public static async Task<int> AddAsync(OpbxDb db, Guid organizationId, string type, string eventId, string body, DateTimeOffset now,
        IReadOnlyList<WebhookEndpoint> endpoints, CancellationToken ct)
    {
        var receivers = endpoints.Where(e => e.OrganizationId == organizationId && e.Enabled && e.Receives(type)).ToList();
        if (receivers.Count == 0) return 0;
        var ids = receivers.Select(e => e.Id).ToList();
        var already = await db.WebhookDeliveries.Where(d => d.EventId == eventId && ids.Contains(d.EndpointId) && d.ResendOfId == null)
            .Select(d => d.EndpointId).ToListAsync(ct);
        var added = 0;
        foreach (var endpoint in receivers.Where(e => !already.Contains(e.Id)))
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                OrganizationId = organizationId, EndpointId = endpoint.Id, EventId = eventId, EventType = type, Payload = body,
                CreatedAt = now, NextAttemptAt = now,
            });
            added++;
        }
        return added;
    }

    /// <summary>
    /// Adds the <c>deploy.finished</c> deliveries of a deploy that has ended (succeeded, failed, rolled back) to
    /// <paramref name="db"/>, inside the caller's write transaction: the deploy runner writes the outcome and its deliveries
    /// in one commit, so an endpoint added after a deploy ended never hears of it and one present always does. Returns how
    /// many were added (the caller saves, commits, then wakes the dispatcher with <see cref="WebhookSignal"/>).
    /// </summary>
    public async Task<int> AddDeployFinishedAsync(OpbxDb db, Deploy deploy, CancellationToken ct)
    {
        if (deploy.OrganizationId is not { } organizationId || deploy.Status is not (DeployStatus.Succeeded or DeployStatus.Failed or DeployStatus.RolledBack)) return 0;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Add the deliveries of a deploy inside its outcome's write transaction.");
        var enabled = await db.Organizations.AnyAsync(o => o.Id == organizationId && o.WebhooksEnabled, ct);
        var endpoints = enabled ? await db.WebhookEndpoints.Where(e => e.OrganizationId == organizationId && e.Enabled).ToListAsync(ct) : [];
        var (eventId, _, body) = WebhookPayloads.DeployFinished(deploy, organizationId);
        return await AddAsync(db, organizationId, WebhookEvents.DeployFinished, eventId, body, clock.GetUtcNow(), endpoints, ct);
    }
}
