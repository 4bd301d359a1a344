using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Opbx.Domain.Calls;
using Opbx.Domain.Pbx;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// The JSON bodies (README, Webhooks): <c>{"id", "type", "occurred_at", "organization_id", "data"}</c>. Event ids are derived
/// from what the event is about (the call record's uniqueid and sequence, the deploy's id), so the same event always has the
/// same id and a receiver can drop repeats. No names or e-mail addresses of people are sent (member ids only), and with
/// <c>pii_masking</c> on, phone numbers are masked as in exports (only the last 3 digits kept).
/// </summary>
public static class WebhookPayloads
{
    public static string EventId(string type, string subject) =>
        "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{type}|{subject}")).AsSpan(0, 16));

    public static (string EventId, DateTimeOffset OccurredAt, string Body) CallEnded(CallRecord r, bool piiMasking)
    {
        var id = EventId(WebhookEvents.CallEnded, $"{r.UniqueId}|{r.Sequence}");
        var occurred = r.EndedAt ?? r.StartedAt.AddSeconds(r.DurationSeconds);
        var data = new JsonObject
        {
            ["call_record_id"] = r.Id,
            ["unique_id"] = r.UniqueId,
            ["sequence"] = r.Sequence,
            ["linked_id"] = r.LinkedId,
            ["direction"] = Word(r.Direction.ToString()),
            ["disposition"] = Word(r.Disposition.ToString()),
            ["started_at"] = r.StartedAt,
            ["answered_at"] = r.AnsweredAt,
            ["ended_at"] = r.EndedAt,
            ["duration_seconds"] = r.DurationSeconds,
            ["bill_seconds"] = r.BillSeconds,
            ["source"] = piiMasking ? NumberMask.Mask(r.Source) : r.Source,
            ["destination"] = piiMasking ? NumberMask.Mask(r.Destination) : r.Destination,
            ["caller_membership_id"] = r.MembershipId,
            ["callee_membership_id"] = r.CalleeMembershipId,
            ["recorded"] = r.RecordingFile is not null,
        };
        return (id, occurred, Envelope(id, WebhookEvents.CallEnded, occurred, r.OrganizationId, data));
    }

    public static (string EventId, DateTimeOffset OccurredAt, string Body) DeployFinished(Deploy d, Guid organizationId)
    {
        var id = EventId(WebhookEvents.DeployFinished, d.Id.ToString());
        var occurred = d.FinishedAt ?? DateTimeOffset.UnixEpoch;
        var data = new JsonObject
        {
            ["deploy_id"] = d.Id,
            ["status"] = Word(d.Status.ToString()),
            ["trigger"] = Word(d.Trigger.ToString()),
            ["queued_at"] = d.QueuedAt,
            ["started_at"] = d.StartedAt,
            ["finished_at"] = d.FinishedAt,
            ["summary"] = d.Summary,
            ["failure"] = d.Failure,
            ["files_written"] = d.Written.Count,
            ["reload_skipped"] = d.ReloadSkipped,
        };
        return (id, occurred, Envelope(id, WebhookEvents.DeployFinished, occurred, organizationId, data));
    }

    private static string Envelope(string id, string type, DateTimeOffset occurred, Guid organizationId, JsonObject data) =>
        new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["occurred_at"] = occurred,
            ["organization_id"] = organizationId,
            ["data"] = data,
        }.ToJsonString();

    private static string Word(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
