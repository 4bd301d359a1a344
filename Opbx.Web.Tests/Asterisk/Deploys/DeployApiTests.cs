using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Access;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Asterisk.Deploys;

/// <summary>POST /api/v1/config/deploy and GET /api/v1/config/deploys[/{id}], and the organization's Deploys page.</summary>
[Collection(AppCollection.Name)]
public sealed class DeployApiTests(OpbxApp app)
{
    [Fact]
    public async Task Deploy_now_answers_202_with_the_deploy_whose_status_can_be_followed_and_another_organizations_is_not_found()
    {
        var mine = await app.CreateOrganizationAsync();
        var theirs = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, mine);
        using var other = ApiClient.Key(app, theirs);

        var accepted = await api.PostAsync("/api/v1/config/deploy");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await ApiClient.JsonAsync(accepted);
        var id = (string)body["id"]!;
        Assert.Equal($"/api/v1/config/deploys/{id}", accepted.Headers.Location!.OriginalString);
        Assert.Contains((string)body["status"]!, new[] { "queued", "running", "succeeded" });

        await app.SettledDeploysAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        var got = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/config/deploys/{id}"));
        Assert.Equal("succeeded", (string)got["status"]!);
        Assert.True((bool)got["reload_skipped"]!);
        Assert.NotNull(got["duration_ms"]);
        Assert.NotNull(got["files_written"]);
        Assert.Contains(id, await (await api.GetAsync("/api/v1/config/deploys?page_size=50")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/config/deploys/{id}")).StatusCode);
        Assert.DoesNotContain(id, await (await other.GetAsync("/api/v1/config/deploys")).Content.ReadAsStringAsync());
        var entry = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return await sp.GetRequiredService<OpbxDb>().AuditEntries.SingleAsync(e => e.Action == "deploy.requested" && e.TargetId == id);
        });
        Assert.Equal(mine.Organization.Id, entry.OrganizationId);
        Assert.Equal(Opbx.Domain.Audit.AuditSource.Api, entry.Source);
    }

    [Fact]
    public async Task Deploy_now_needs_the_config_write_scope_and_reading_needs_config_read()
    {
        var created = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, created);
        var limited = await kit.Service<ApiKeyService, IssuedApiKey>(s => s.CreateAsync(kit.Owner, "users only", ["users:read"]));
        using var api = ApiClient.Basic(app, limited.Key.KeyId, limited.Secret);

        var post = await api.PostAsync("/api/v1/config/deploy");
        var get = await api.GetAsync($"/api/v1/config/deploys/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("config:write", await post.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        using var full = ApiClient.Key(app, created);
        Assert.Equal(HttpStatusCode.NotFound, (await full.GetAsync($"/api/v1/config/deploys/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await full.GetAsync("/api/v1/config/deploys?page_size=0")).StatusCode);
    }

    [Fact]
    public async Task The_deploys_page_lists_the_organizations_deploys_and_deploys_now()
    {
        var created = await app.CreateOrganizationAsync();
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var path = $"/Org/{created.Organization.Id}/Deploys";

        var posted = await owner.PostFormAsync(path, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        var html = await owner.GetHtmlAsync(path);

        Assert.Contains("data-label=\"Trigger\">Deploy now", html);
        Assert.Contains("succeeded", html);
        Assert.Contains("Asterisk not connected", html);
        using var member = await WebSession.SignInAsync(app, (await app.AddMemberAsync(created.Organization.Id, "pbx_user")).Account!.Email!, "Member-password-1");
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync(path)).StatusCode);
    }
}
