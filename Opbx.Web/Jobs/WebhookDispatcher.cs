using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain.Webhooks;

namespace Opbx.Jobs;

/// <summary>
/// Sends the webhooks, in the background, never inside a request or a deploy: reads call records added since its cursor
/// (by Id, one <c>call.ended</c> per record, README) into deliveries, then POSTs the deliveries that are due, at most
/// <see cref="Parallel"/> at a time, and records each attempt (the delivery log). A failed attempt is tried again after
/// <see cref="WebhookOptions.FirstRetryDelay"/>, three times longer each time, until <see cref="WebhookOptions.MaxAttempts"/>.
/// It wakes every <see cref="WebhookOptions.PollInterval"/>, or at once when a deploy finished or someone pressed "Resend".
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSender sender, WebhookSecrets secrets, WebhookSignal signal,
    IOptions<OpbxOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string CallRecordsCursor = "call_records";
    private const int Parallel = 8;
    private const int Batch = 500;
    private readonly WebhookOptions _options = options.Value.Webhooks;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Start reading at the newest call record: events are about calls that end from now on, not about history.
        await InScopeAsync(async db =>
        {
            await using var tx = await db.BeginWriteAsync(cancellationToken);
            if (await db.WebhookCursors.FindAsync([CallRecordsCursor], cancellationToken) is null)
            {
                db.WebhookCursors.Add(new WebhookCursor { Name = CallRecordsCursor, LastId = await db.CallRecords.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0 });
                await db.SaveChangesAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        });
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ReadCallRecordsAsync(stoppingToken) == Batch) { }
                await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Webhook dispatch failed; trying again at the next poll");
            }
            try
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One batch of new call records into deliveries; the cursor moves in the same transaction, so each record is read once.</summary>
    public Task<int> ReadCallRecordsAsync(CancellationToken ct) => InScopeAsync(async db =>
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var cursor = await db.WebhookCursors.FindAsync([CallRecordsCursor], ct);
        if (cursor is null) db.WebhookCursors.Add(cursor = new WebhookCursor { Name = CallRecordsCursor });
        var records = await db.CallRecords.AsNoTracking().Where(c => c.Id > cursor.LastId).OrderBy(c => c.Id).Take(Batch).ToListAsync(ct);
        if (records.Count == 0) return 0;
        var organizationIds = records.Select(r => r.OrganizationId).Distinct().ToList();
        var organizations = await db.Organizations.Where(o => organizationIds.Contains(o.Id) && o.WebhooksEnabled)
            .Select(o => new { o.Id, o.PiiMasking }).ToDictionaryAsync(o => o.Id, o => o.PiiMasking, ct);
        var ids = organizations.Keys.ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => ids.Contains(e.OrganizationId) && e.Enabled).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var record in records)
        {
            if (!organizations.TryGetValue(record.OrganizationId, out var masking)) continue;
            var (eventId, _, body) = WebhookPayloads.CallEnded(record, masking);
            added += await WebhookOutbox.AddAsync(db, record.OrganizationId, WebhookEvents.CallEnded, eventId, body, now, endpoints, ct);
        }
        cursor.LastId = records[^1].Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return records.Count;
    });

    /// <summary>Sends every delivery that is due now; returns how many were attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var attempted = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await InScopeAsync(db => db.WebhookDeliveries.AsNoTracking().Include(d => d.Endpoint)
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(Parallel * 4).ToListAsync(ct));
            if (due.Count == 0) return attempted;
            var organizationIds = due.Select(d => d.OrganizationId).Distinct().ToList();
            var enabled = await InScopeAsync(db => db.Organizations.Where(o => organizationIds.Contains(o.Id) && o.WebhooksEnabled).Select(o => o.Id).ToListAsync(ct));
            await System.Threading.Tasks.Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct },
                async (delivery, token) => await AttemptAsync(delivery, enabled.Contains(delivery.OrganizationId), token));
            attempted += due.Count;
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, bool webhooksEnabled, CancellationToken ct)
    {
        var endpoint = delivery.Endpoint!;
        if (!webhooksEnabled || !endpoint.Enabled)
        {
            var why = !webhooksEnabled ? "Not sent: webhooks are turned off for the organization." : "Not sent: the endpoint is disabled.";
            await InScopeAsync(db => db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Cancelled).SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(d => d.Error, why), ct));
            return;
        }
        var attempt = await sender.SendAsync(endpoint.Url, secrets.Reveal(endpoint.Secret), delivery.EventId, delivery.EventType, delivery.Payload, ct);
        var attempts = delivery.Attempts + 1;
        var now = clock.GetUtcNow();
        var status = attempt.Succeeded ? WebhookDeliveryStatus.Succeeded
            : attempts >= _options.MaxAttempts ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        DateTimeOffset? next = status == WebhookDeliveryStatus.Pending ? now + RetryDelay(_options, attempts) : null;
        await InScopeAsync(db => db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.LastAttemptAt, now)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.ResponseCode, attempt.StatusCode)
            .SetProperty(d => d.DurationMs, attempt.DurationMs)
            .SetProperty(d => d.ResponseBody, attempt.ResponseBody)
            .SetProperty(d => d.Error, attempt.Error), CancellationToken.None));
        if (!attempt.Succeeded)
            logger.LogInformation("Webhook delivery {Delivery} attempt {Attempt} failed: {Code} {Error}", delivery.Id, attempts, attempt.StatusCode, attempt.Error);
    }

    /// <summary>The wait after attempt <paramref name="attempts"/> failed: the first delay, then three times longer each time.</summary>
    public static TimeSpan RetryDelay(WebhookOptions options, int attempts) =>
        options.FirstRetryDelay * Math.Pow(3, Math.Max(0, attempts - 1));

    private async Task<T> InScopeAsync<T>(Func<OpbxDb, Task<T>> work)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        using var _ = db.Tenant.AcrossOrganizations();
        return await work(db);
    }

    private Task InScopeAsync(Func<OpbxDb, Task> work) => InScopeAsync(async db => { await work(db); return true; });
}
