using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Pbx;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// Turns events into pending deliveries, one per enabled endpoint of the organization that receives the event type, only
/// while the organization's <c>webhooks_enabled</c> is on. Adding an event that already has its deliveries adds nothing
/// (same event id; a unique index backs this), so a repeated event is never sent twice. Sending is the dispatcher's job.
/// </summary>
public sealed class WebhookOutbox(IServiceScopeFactory scopes, WebhookSignal signal, TimeProvider clock, ILogger<WebhookOutbox> logger)
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
    /// <c>deploy.finished</c> for an organization's deploy that has ended (succeeded, failed, rolled back). Called by the deploy
    /// runner once the outcome is recorded; never throws into the deploy (a failure here is logged), and sends nothing itself.
    /// </summary>
    public async Task DeployFinishedAsync(Deploy deploy)
    {
        if (deploy.OrganizationId is not { } organizationId || deploy.Status is not (DeployStatus.Succeeded or DeployStatus.Failed or DeployStatus.RolledBack)) return;
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            await using var tx = await db.BeginWriteAsync(CancellationToken.None);
            var enabled = await db.Organizations.AnyAsync(o => o.Id == organizationId && o.WebhooksEnabled);
            var endpoints = enabled ? await db.WebhookEndpoints.Where(e => e.OrganizationId == organizationId && e.Enabled).ToListAsync() : [];
            var (eventId, _, body) = WebhookPayloads.DeployFinished(deploy, organizationId);
            var added = await AddAsync(db, organizationId, WebhookEvents.DeployFinished, eventId, body, clock.GetUtcNow(), endpoints, CancellationToken.None);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            if (added > 0) signal.Wake();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not queue the deploy.finished webhook of deploy {Deploy}", deploy.Id);
        }
    }
}
