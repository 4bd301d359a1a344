using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed class OrganizationLifecycleTests(OpbxApp app)
{
    [Fact]
    public async Task DeletingAnOrganizationLeavesNoRowsOrFilesBehind()
    {
        var created = await app.CreateOrganizationAsync();
        var orgId = created.Organization.Id;
        var member = await app.AddMemberAsync(orgId, "pbx_user", extension: "201");
        var other = await app.CreateOrganizationAsync();
        // A person in two organizations keeps their account; a platform manager who is a member keeps theirs.
        var shared = await app.AddMemberAsync(orgId, "reporter");
        await app.AddMemberAsync(other.Organization.Id, "pbx_user", email: shared.Account!.Email);
        var manager = await app.CreatePlatformManagerAsync();
        await app.AddMemberAsync(orgId, "pbx_admin", email: manager.Email);

        await app.InOrganizationAsync(orgId, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.CallRecords.Add(new CallRecord { OrganizationId = orgId, UniqueId = $"test-{Guid.NewGuid():N}", LinkedId = "test", StartedAt = DateTimeOffset.UtcNow, Source = "201", Destination = "5551234", MembershipId = member.Id });
            await db.SaveChangesAsync();
        });
        var files = app.Services.GetRequiredService<OrganizationFiles>();
        var slug = created.Organization.Slug;
        Directory.CreateDirectory(files.Recordings(slug));
        await File.WriteAllTextAsync(Path.Combine(files.Recordings(slug), "call-1.wav"), "RIFF");
        // Its Asterisk configuration, written by the deploys its creation and its member's extension queued.
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var configFolder = app.Services.GetRequiredService<ConfigFolder>();
        Assert.True(File.Exists(Path.Combine(files.AsteriskConfig(slug), "pjsip.conf")));
        Assert.Contains(files.AsteriskConfig(slug), File.ReadAllText(configFolder.PathOf(ConfigRenderer.TopPjsip)));

        var preview = await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().PreviewDeletionAsync(orgId));
        Assert.Equal((4, 1, 1, 1, 1, 2), (preview.Users, preview.Extensions, preview.CallRecords, preview.Recordings, preview.ApiKeys, preview.AccountsRemoved));

        var admin = await app.AdminActorAsync();
        await Assert.ThrowsAsync<ValidationException>(() =>
            app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeleteAsync(admin, orgId, created.Organization.Name.ToUpperInvariant())));
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeleteAsync(admin, orgId, created.Organization.Name));

        // Every table with an organization column is empty for it, checked in SQL so no query filter hides anything.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "opbx.db")}");
        await connection.OpenAsync();
        foreach (var table in new[] { "Memberships", "Extensions", "CallRecords", "ApiKeys" })
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table} WHERE OrganizationId = $id";
            count.Parameters.AddWithValue("$id", orgId.ToString().ToUpperInvariant());
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
        await using (var orgs = connection.CreateCommand())
        {
            orgs.CommandText = "SELECT COUNT(*) FROM Organizations WHERE Id = $id";
            orgs.Parameters.AddWithValue("$id", orgId.ToString().ToUpperInvariant());
            Assert.Equal(0L, (long)(await orgs.ExecuteScalarAsync())!);
        }
        Assert.False(Directory.Exists(files.Root(slug)));
        // The deletion's platform deploy removed the configuration after the top-level files stopped including it.
        var removal = (await app.SettledDeploysAsync(DateTimeOffset.UtcNow.AddMinutes(-5))).Last(d => d.OrganizationId is null);
        Assert.Equal(DeployStatus.Succeeded, removal.Status);
        Assert.Contains($"orgs/{slug}/pjsip.conf", removal.Deleted);
        Assert.False(Directory.Exists(files.AsteriskConfig(slug)));
        Assert.DoesNotContain(files.AsteriskConfig(slug), File.ReadAllText(configFolder.PathOf(ConfigRenderer.TopPjsip)));

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            Assert.Null(await db.Users.FirstOrDefaultAsync(a => a.Id == created.Owner.Id));
            Assert.Null(await db.Users.FirstOrDefaultAsync(a => a.Id == member.AccountId));
            Assert.NotNull(await db.Users.FirstOrDefaultAsync(a => a.Id == shared.AccountId));
            Assert.NotNull(await db.Users.FirstOrDefaultAsync(a => a.Id == manager.Id));
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "organization.deleted" && e.TargetId == orgId.ToString());
            Assert.Equal(created.Organization.Name, entry.TargetName);
            Assert.Contains("4 users", entry.Note);
        });
    }

    [Fact]
    public async Task EveryChangeIsAuditedWithBeforeAndAfterAndNoSecrets()
    {
        var created = await app.CreateOrganizationAsync();
        var orgId = created.Organization.Id;
        using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        await api.PatchAsync($"/api/v1/organizations/{orgId}", new { settings = new { max_users = 31 } });
        await api.PostAsync($"/api/v1/organizations/{orgId}/suspend");

        var entries = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return await sp.GetRequiredService<OpbxDb>().AuditEntries.Where(e => e.OrganizationId == orgId).OrderBy(e => e.Id).ToListAsync();
        });
        var update = entries.Single(e => e.Action == "organization.updated");
        Assert.Equal(AuditSource.Api, update.Source);
        Assert.Equal(OpbxApp.AdminEmail, update.Actor);
        var changes = JsonNode.Parse(update.Changes)!.AsObject();
        Assert.Equal(25, (int)changes["max_users"]!["from"]!);
        Assert.Equal(31, (int)changes["max_users"]!["to"]!);
        Assert.Single(changes);

        var suspended = entries.Single(e => e.Action == "organization.suspended");
        Assert.Equal("suspended", (string?)JsonNode.Parse(suspended.Changes)!["status"]!["to"]);

        var key = entries.Single(e => e.Action == "api_key.created");
        Assert.True((bool)JsonNode.Parse(key.Changes)!["secret_hash"]!["changed"]!);
        Assert.DoesNotContain("secret_hash\":{\"to", key.Changes);
        Assert.Contains(entries, e => e.Action == "membership.created");
    }

    [Fact]
    public async Task OrganizationDataIsInvisibleOutsideItsOrganization()
    {
        var a = await app.CreateOrganizationAsync();
        var b = await app.CreateOrganizationAsync();
        await app.AddMemberAsync(b.Organization.Id, "pbx_user", extension: "300");
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var tenant = sp.GetRequiredService<TenantContext>();
            // No organization chosen: nothing is visible (fails closed).
            Assert.Equal(0, await db.Memberships.CountAsync());
            tenant.Enter(a.Organization.Id);
            Assert.All(await db.Memberships.ToListAsync(), m => Assert.Equal(a.Organization.Id, m.OrganizationId));
            Assert.Empty(await db.Extensions.Where(x => x.Number == "300").ToListAsync());
            // Writing another organization's row is refused at save time.
            db.Extensions.Add(new Extension { OrganizationId = b.Organization.Id, Number = "301" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
    }
}
