using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Domain.Webhooks;
using Opbx.Tests.Infrastructure;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Webhooks;

/// <summary>
/// Deliveries end to end: events from a real deploy and from call records inserted as ingestion would, POSTed to a real
/// receiver on loopback, signed so that the README's receiver check passes, retried with growing waits, logged, resent;
/// nothing sent while the organization's webhooks are off; redirects not followed.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookApp app)
{
    private sealed record Setup(CreatedOrganization Org, ApiClient Api, Guid Endpoint, string Secret) : IDisposable
    {
        public Actor Owner => Actor.Person(Org.Owner.Id, false, OrgRole.Owner);
        public void Dispose() => Api.Dispose();
    }

    private async Task<Setup> SetupAsync(WebhookReceiver receiver, string[] events, Action<OrganizationSettings>? configure = null)
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var org = await app.CreateOrganizationAsync(configure: s => { s.WebhooksEnabled = true; configure?.Invoke(s); });
        // The organization's first deploy ends before the endpoint exists, so the test's own deploy is the only one it hears of.
        await app.SettledDeploysAsync(since, TimeSpan.FromSeconds(60));
        var api = ApiClient.Key(app, org);
        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events }));
        return new Setup(org, api, Guid.Parse((string)created["webhook"]!["id"]!), (string)created["secret"]!);
    }

    private async Task<Deploy> DeployAsync(Setup s)
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var deploy = await app.InOrganizationAsync(s.Org.Organization.Id, sp => sp.GetRequiredService<DeployService>().DeployNowAsync(s.Owner));
        var done = (await app.SettledDeploysAsync(since, TimeSpan.FromSeconds(60))).Single(d => d.Id == deploy.Id);
        Assert.Equal(DeployStatus.Succeeded, done.Status);
        return done;
    }

    private static async Task<JsonArray> LogAsync(Setup s) =>
        (await Status(HttpStatusCode.OK, s.Api.GetAsync($"/api/v1/webhooks/{s.Endpoint}/deliveries")))["items"]!.AsArray();

    private static async Task<JsonObject> SettledAsync(Setup s, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var log = await LogAsync(s);
            if (log.Count > 0 && done(log[0]!.AsObject())) return log[0]!.AsObject();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The delivery did not settle: " + log.ToJsonString());
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_finished_deploy_is_posted_signed_so_the_documented_receiver_check_passes_and_is_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var s = await SetupAsync(receiver, [WebhookEvents.DeployFinished]);
        var deploy = await DeployAsync(s);

        var got = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("/hook", got.Path);
        Assert.True(ReceiverCheck.Verify(s.Secret, got.Headers["Opbx-Webhook-Timestamp"], got.Headers["Opbx-Webhook-Signature"], got.Body, DateTimeOffset.UtcNow));
        // The check can fail: another body, another secret or an old timestamp does not pass.
        Assert.False(ReceiverCheck.Verify(s.Secret, got.Headers["Opbx-Webhook-Timestamp"], got.Headers["Opbx-Webhook-Signature"], got.Body + " ", DateTimeOffset.UtcNow));
        Assert.False(ReceiverCheck.Verify(WebhookSecrets.New(), got.Headers["Opbx-Webhook-Timestamp"], got.Headers["Opbx-Webhook-Signature"], got.Body, DateTimeOffset.UtcNow));
        Assert.False(ReceiverCheck.Verify(s.Secret, got.Headers["Opbx-Webhook-Timestamp"], got.Headers["Opbx-Webhook-Signature"], got.Body, DateTimeOffset.UtcNow.AddMinutes(10)));

        var body = JsonNode.Parse(got.Body)!.AsObject();
        Assert.Equal("deploy.finished", (string?)body["type"]);
        Assert.Equal(got.Headers["Opbx-Webhook-Id"], (string?)body["id"]);
        Assert.Equal(s.Org.Organization.Id.ToString(), (string?)body["organization_id"]);
        Assert.Equal(deploy.Id.ToString(), (string?)body["data"]!["deploy_id"]);
        Assert.Equal("succeeded", (string?)body["data"]!["status"]);
        Assert.Equal("deploy_now", (string?)body["data"]!["trigger"]);

        var logged = await SettledAsync(s, d => (string?)d["status"] == "succeeded");
        Assert.Equal(200, (int?)logged["response_code"]);
        Assert.Equal(1, (int?)logged["attempts"]);
        Assert.Equal("ok", (string?)logged["response_body"]);
        Assert.Null(logged["next_attempt_at"]);
        Assert.NotNull(logged["duration_ms"]);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_waits_until_it_answers_and_each_attempt_is_in_the_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? (500, "down", null) : (200, "fine", null);
        using var s = await SetupAsync(receiver, [WebhookEvents.DeployFinished]);
        await DeployAsync(s);

        var got = await receiver.WaitForAsync(3);
        Assert.Single(got.Select(r => r.Headers["Opbx-Webhook-Id"]).Distinct());
        var first = got[1].At - got[0].At;
        var second = got[2].At - got[1].At;
        Assert.True(first >= WebhookApp.FirstRetry * 0.9, $"first wait {first}");
        Assert.True(second >= WebhookApp.FirstRetry * 3 * 0.9, $"second wait {second}");
        Assert.True(second > first, $"the waits grow: {first} then {second}");
        var logged = await SettledAsync(s, d => (string?)d["status"] == "succeeded");
        Assert.Equal(3, (int?)logged["attempts"]);
        Assert.Equal(200, (int?)logged["response_code"]);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_well_fails_after_the_last_attempt_with_its_answer_truncated_and_resend_sends_the_same_event_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (503, new string('z', 5000), null);
        using var s = await SetupAsync(receiver, [WebhookEvents.DeployFinished]);
        await DeployAsync(s);

        var failed = await SettledAsync(s, d => (string?)d["status"] == "failed");
        Assert.Equal(WebhookApp.MaxAttempts, (int?)failed["attempts"]);
        Assert.Equal(503, (int?)failed["response_code"]);
        Assert.Null(failed["next_attempt_at"]);
        Assert.Equal(WebhookSender.MaxResponseChars, ((string)failed["response_body"]!).Length);
        Assert.Equal(WebhookApp.MaxAttempts, receiver.Requests.Count);

        receiver.Answer = _ => (204, "", null);
        var resent = await Status(HttpStatusCode.Accepted, s.Api.PostAsync($"/api/v1/webhooks/{s.Endpoint}/deliveries/{(string)failed["id"]!}/resend"));
        Assert.Equal((string?)failed["event_id"], (string?)resent["event_id"]);
        var got = await receiver.WaitForAsync(WebhookApp.MaxAttempts + 1);
        Assert.Equal((string?)failed["event_id"], got[^1].Headers["Opbx-Webhook-Id"]);
        Assert.Equal(got[0].Body, got[^1].Body);
        var again = await SettledAsync(s, d => (string?)d["status"] == "succeeded");
        Assert.Equal((string?)resent["id"], (string?)again["id"]);
        Assert.Equal((string?)failed["id"], (string?)again["resend_of_id"]);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failed_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (307, "", "/elsewhere");
        using var s = await SetupAsync(receiver, [WebhookEvents.DeployFinished]);
        await DeployAsync(s);

        var failed = await SettledAsync(s, d => (string?)d["status"] == "failed");
        Assert.Equal(307, (int?)failed["response_code"]);
        Assert.Contains("redirect", (string?)failed["error"]);
        Assert.All(receiver.Requests, r => Assert.Equal("/hook", r.Path));
    }

    private static CallRecord Record(Guid organizationId, string source, string destination, string? callerName = null) => new()
    {
        OrganizationId = organizationId, UniqueId = $"{Random.Shared.Next(1_000_000)}.{Guid.NewGuid():N}", Sequence = 1,
        LinkedId = "link-" + Guid.NewGuid().ToString("N")[..8], StartedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
        AnsweredAt = DateTimeOffset.UtcNow.AddMinutes(-2).AddSeconds(5), EndedAt = DateTimeOffset.UtcNow.AddMinutes(-1), DurationSeconds = 60,
        BillSeconds = 55, Disposition = CallDisposition.Answered, Direction = CallDirection.Inbound, Source = source, Destination = destination,
        CallerName = callerName, CallerEmail = callerName is null ? null : "caller@example.test",
    };

    private Task InsertAsync(Guid organizationId, params CallRecord[] records) => app.InOrganizationAsync(organizationId, async sp =>
    {
        var db = sp.GetRequiredService<OpbxDb>();
        db.CallRecords.AddRange(records);
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Each_new_call_record_becomes_one_call_ended_with_masked_numbers_and_no_names_and_reading_again_sends_nothing_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var s = await SetupAsync(receiver, [WebhookEvents.CallEnded], o => o.PiiMasking = true);
        var orgId = s.Org.Organization.Id;
        var a = Record(orgId, "+4915112345678", "201", "Carla Caller");
        var b = Record(orgId, "202", "+12125550123");
        await InsertAsync(orgId, a, b);

        var got = await receiver.WaitForAsync(2);
        var bodies = got.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        Assert.All(bodies, x => Assert.Equal("call.ended", (string?)x["type"]));
        Assert.All(got, r => Assert.True(ReceiverCheck.Verify(s.Secret, r.Headers["Opbx-Webhook-Timestamp"], r.Headers["Opbx-Webhook-Signature"], r.Body, DateTimeOffset.UtcNow)));
        var first = bodies.Single(x => (string?)x["data"]!["unique_id"] == a.UniqueId);
        Assert.Equal("+**********678", (string?)first["data"]!["source"]);
        Assert.Equal("***", (string?)first["data"]!["destination"]); // the one masker (NumberMaskTests): never a number in full
        Assert.Equal(a.LinkedId, (string?)first["data"]!["linked_id"]);
        Assert.Equal(55, (int?)first["data"]!["bill_seconds"]);
        Assert.Equal("inbound", (string?)first["data"]!["direction"]);
        Assert.DoesNotContain("Carla", got[0].Body + got[1].Body);
        Assert.DoesNotContain("caller@example.test", got[0].Body + got[1].Body);
        Assert.Equal("+********123", (string?)bodies.Single(x => (string?)x["data"]!["unique_id"] == b.UniqueId)["data"]!["destination"]);

        // The cursor read from the start again (a crash before it was saved): the same events, so no new deliveries.
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            await db.WebhookCursors.Where(c => c.Name == Opbx.Jobs.WebhookDispatcher.CallRecordsCursor).ExecuteUpdateAsync(x => x.SetProperty(c => c.LastId, 0L));
        });
        var dispatcher = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Opbx.Jobs.WebhookDispatcher>().Single();
        while (await dispatcher.ReadCallRecordsAsync(CancellationToken.None) > 0) { }
        await Task.Delay(1000);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(2, (await LogAsync(s)).Count);
    }

    [Fact]
    public async Task With_webhooks_off_nothing_is_sent_the_api_refuses_new_endpoints_and_the_page_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var s = await SetupAsync(receiver, [WebhookEvents.CallEnded, WebhookEvents.DeployFinished]);
        var orgId = s.Org.Organization.Id;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            await db.Organizations.Where(o => o.Id == orgId).ExecuteUpdateAsync(x => x.SetProperty(o => o.WebhooksEnabled, false));
        });

        await DeployAsync(s);
        await InsertAsync(orgId, Record(orgId, "203", "204"));
        await Task.Delay(2000);
        Assert.Empty(receiver.Requests);
        Assert.Empty(await LogAsync(s));

        var refused = await s.Api.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "call.ended" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var owner = await WebSession.SignInAsync(app, s.Org.Owner.Email!, "Owner-password-1");
        var page = await (await owner.GetAsync($"/Org/{orgId}/Settings/Webhooks")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"webhooks-off\"", page);
        Assert.Contains("no events are sent", page);
        Assert.DoesNotContain("Add endpoint", page);
    }
}
