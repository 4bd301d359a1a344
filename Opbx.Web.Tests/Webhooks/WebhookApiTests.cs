using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Webhooks;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Webhooks;

/// <summary>
/// /api/v1/webhooks and the Webhooks page on the shared app, whose operator options are production's (https only, no private
/// addresses): registration checks with field errors, the secret once and protected at rest, audit, scopes, isolation, roles.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WebhookApiTests(OpbxApp app)
{
    private Task<Opbx.Domain.Organizations.CreatedOrganization> OrgAsync() => app.CreateOrganizationAsync(configure: s => { s.WebhooksEnabled = true; s.MaxApiKeys = 5; });

    [Fact]
    public async Task Registration_refuses_plain_http_private_and_metadata_addresses_and_unknown_events_with_field_errors()
    {
        var org = await OrgAsync();
        using var api = ApiClient.Key(app, org);
        foreach (var url in new[] { "http://example.com/hook", "https://127.0.0.1/hook", "https://10.0.0.8/hook", "https://169.254.169.254/latest", "https://[::1]/", "https://localhost/", "not a url" })
        {
            var refused = await FieldErrors(api.PostAsync("/api/v1/webhooks", new { url, events = new[] { "call.ended" } }), "url");
            Assert.False(string.IsNullOrWhiteSpace((string?)refused["errors"]!["url"]![0]));
        }
        await FieldErrors(api.PostAsync("/api/v1/webhooks", new { url = "https://example.com/hook", events = new[] { "call.started" } }), "events");
        await FieldErrors(api.PostAsync("/api/v1/webhooks", new { url = "https://example.com/hook", events = Array.Empty<string>() }), "events");
        Assert.Empty(Ids(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/webhooks"))));
    }

    [Fact]
    public async Task An_endpoint_is_created_with_its_secret_once_stored_protected_changed_rotated_deleted_and_every_change_audited()
    {
        var org = await OrgAsync();
        using var api = ApiClient.Key(app, org);
        var created = await Status(HttpStatusCode.Created, api.PostAsync("/api/v1/webhooks", new { url = "https://example.com/opbx", events = new[] { "deploy.finished" } }));
        var id = (string)created["webhook"]!["id"]!;
        var secret = (string)created["secret"]!;
        Assert.StartsWith("whsec_", secret);
        Assert.True((bool)created["webhook"]!["enabled"]!);

        var got = await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.DoesNotContain(secret, got.ToJsonString());
        var stored = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().WebhookEndpoints.SingleAsync(e => e.Id == Guid.Parse(id)));
        Assert.DoesNotContain(secret, stored.Secret);
        Assert.Equal(secret, app.Services.GetRequiredService<WebhookSecrets>().Reveal(stored.Secret));

        var patched = await Status(HttpStatusCode.OK, api.PatchAsync($"/api/v1/webhooks/{id}", new { events = new[] { "call.ended", "deploy.finished" }, enabled = false }));
        Assert.Equal("https://example.com/opbx", (string?)patched["url"]);
        Assert.Equal(2, patched["events"]!.AsArray().Count);
        Assert.False((bool)patched["enabled"]!);
        await FieldErrors(api.PatchAsync($"/api/v1/webhooks/{id}", new { url = "http://example.com/x" }), "url");

        var rotated = await Status(HttpStatusCode.OK, api.PostAsync($"/api/v1/webhooks/{id}/rotate-secret"));
        Assert.NotEqual(secret, (string?)rotated["secret"]);
        Assert.Empty((await Status(HttpStatusCode.OK, api.GetAsync($"/api/v1/webhooks/{id}/deliveries")))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);

        var audit = (await new PbxTestKit(app, org).AuditAsync()).Where(a => a.TargetType == "webhook_endpoint").ToList();
        Assert.Equal(["webhook_endpoint.created", "webhook_endpoint.updated", "webhook_endpoint.updated", "webhook_endpoint.deleted"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(AuditSource.Api, a.Source));
        Assert.All(audit, a => Assert.DoesNotContain(secret, a.Changes));
        Assert.All(audit, a => Assert.DoesNotContain((string)rotated["secret"]!, a.Changes));
        Assert.Contains("secret", audit[2].Changes);
    }

    [Fact]
    public async Task Another_organizations_endpoint_and_deliveries_are_404_and_scopes_are_required()
    {
        var a = await OrgAsync();
        var b = await OrgAsync();
        using var apiA = ApiClient.Key(app, a);
        using var apiB = ApiClient.Key(app, b);
        var id = (string)(await Status(HttpStatusCode.Created, apiA.PostAsync("/api/v1/webhooks", new { url = "https://example.com/a", events = new[] { "call.ended" } })))["webhook"]!["id"]!;
        var delivery = await app.InOrganizationAsync(a.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var d = new WebhookDelivery
            {
                EndpointId = Guid.Parse(id), EventId = "evt_test", EventType = "call.ended", Payload = "{}", CreatedAt = DateTimeOffset.UtcNow,
                Status = WebhookDeliveryStatus.Cancelled,
            };
            db.WebhookDeliveries.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        });

        Assert.Equal(HttpStatusCode.NotFound, (await apiB.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.GetAsync($"/api/v1/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.PatchAsync($"/api/v1/webhooks/{id}", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.PostAsync($"/api/v1/webhooks/{id}/rotate-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.PostAsync($"/api/v1/webhooks/{id}/deliveries/{delivery}/resend")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.DoesNotContain(id, Ids(await Status(HttpStatusCode.OK, apiB.GetAsync("/api/v1/webhooks"))));
        // B's own endpoint with A's delivery id: still 404.
        var own = (string)(await Status(HttpStatusCode.Created, apiB.PostAsync("/api/v1/webhooks", new { url = "https://example.com/b", events = new[] { "call.ended" } })))["webhook"]!["id"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await apiB.PostAsync($"/api/v1/webhooks/{own}/deliveries/{delivery}/resend")).StatusCode);

        // A's own log shows it.
        Assert.Contains(delivery.ToString(), Ids(await Status(HttpStatusCode.OK, apiA.GetAsync($"/api/v1/webhooks/{id}/deliveries"))));

        using var reader = await KeyWithScopesAsync(app, a, "webhooks:read");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/v1/webhooks", new { url = "https://example.com/c", events = new[] { "call.ended" } })).StatusCode);
        using var other = await KeyWithScopesAsync(app, a, "pbx:read");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/v1/webhooks")).StatusCode);
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK)]
    [InlineData("pbx_admin", HttpStatusCode.Forbidden)]
    [InlineData("pbx_user", HttpStatusCode.Forbidden)]
    [InlineData("reporter", HttpStatusCode.Forbidden)]
    public async Task Only_owners_open_the_webhooks_page(string role, HttpStatusCode expected)
    {
        var org = await OrgAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, role);
        using var session = await WebSession.SignInAsync(app, member.Account!.Email!, "Member-password-1");
        Assert.Equal(expected, (await session.GetAsync($"/Org/{org.Organization.Id}/Settings/Webhooks")).StatusCode);
    }

    [Fact]
    public async Task The_page_registers_an_endpoint_shows_the_secret_once_and_refuses_a_bad_url_next_to_the_field()
    {
        var org = await OrgAsync();
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var path = $"/Org/{org.Organization.Id}/Settings/Webhooks";
        var refused = await (await owner.PostFormAsync(path + "?handler=Create",
            new Dictionary<string, string> { ["EndpointUrl"] = "http://10.0.0.1/x", ["Events"] = "call.ended", ["Enabled"] = "true" }, path)).Content.ReadAsStringAsync();
        Assert.Contains("Use an https:// URL", refused);
        var response = await owner.PostFormAsync(path + "?handler=Create",
            new Dictionary<string, string> { ["EndpointUrl"] = "https://example.com/page", ["Events"] = "call.ended", ["Enabled"] = "true" }, path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secret = System.Text.RegularExpressions.Regex.Match(html, "id=\"webhook-secret\">(whsec_[A-Za-z0-9_-]+)<").Groups[1].Value;
        Assert.NotEmpty(secret);
        var endpoint = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().WebhookEndpoints.SingleAsync());
        Assert.Equal("https://example.com/page", endpoint.Url);
        Assert.Equal("call.ended", endpoint.Events);
        Assert.DoesNotContain(secret, await owner.GetHtmlAsync($"{path}/{endpoint.Id}"));
    }
}
