using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// Changes that pass the change tracker (ExecuteUpdate, ON DELETE CASCADE) are in the audit log with their counts, written
/// by the one audit mechanism in the same save as the change they go with.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BulkAuditTests(OpbxApp app)
{
    private Task AddCallRecordsAsync(Guid organizationId, Guid membershipId, int count) => app.InOrganizationAsync(organizationId, async sp =>
    {
        var db = sp.GetRequiredService<OpbxDb>();
        for (var i = 0; i < count; i++)
        {
            db.CallRecords.Add(new CallRecord
            {
                OrganizationId = organizationId, UniqueId = $"bulk-{Guid.NewGuid():N}", LinkedId = "bulk", StartedAt = DateTimeOffset.UtcNow,
                Source = "201", Destination = "5551234", MembershipId = membershipId, CallerName = "Caller", CallerEmail = "caller@example.test",
            });
        }
        await db.SaveChangesAsync();
    });

    private Task<List<AuditEntry>> EntriesAsync(string action, Guid? organizationId) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await sp.GetRequiredService<OpbxDb>().AuditEntries.Where(a => a.Action == action && a.OrganizationId == organizationId).ToListAsync();
    });

    [Fact]
    public async Task DeletingAMemberRecordsHowManyCallRecordsLostTheirName()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        await AddCallRecordsAsync(org.Organization.Id, member.Id, 3);
        var admin = await app.AdminActorAsync();

        await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>().DeleteAsync(admin, member.Id));

        var entry = Assert.Single(await EntriesAsync(AuditCatalogue.CallRecordsAnonymized, org.Organization.Id));
        Assert.Equal(member.Id.ToString(), entry.TargetId);
        Assert.Equal(3, (int)JsonNode.Parse(entry.Changes!)!["call_record"]!);
        Assert.Contains("3 call records", entry.Note);
        Assert.Equal("Call records anonymized", AuditCatalogue.Label(entry.Action));
    }

    [Fact]
    public async Task DeletingAnOrganizationRecordsWhatItsCascadesRemoved()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "201");
        await AddCallRecordsAsync(org.Organization.Id, member.Id, 2);
        var admin = await app.AdminActorAsync();

        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeleteAsync(admin, org.Organization.Id, org.Organization.Name));

        var entry = Assert.Single(await EntriesAsync(AuditCatalogue.OrganizationCascade, org.Organization.Id));
        var counts = JsonNode.Parse(entry.Changes!)!.AsObject();
        Assert.Equal(2, (int)counts["membership"]!); // the owner and the member
        Assert.Equal(1, (int)counts["extension"]!);
        Assert.Equal(2, (int)counts["call_record"]!);
        Assert.Equal(1, (int)counts["api_key"]!);
        Assert.Contains("2 member", entry.Note);
    }

    [Fact]
    public async Task DeletingAnAccountTellsEachOfItsOrganizations()
    {
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        var here = await app.AddMemberAsync(first.Organization.Id, "pbx_user");
        var there = await app.AddMemberAsync(second.Organization.Id, "reporter", email: here.Account!.Email);
        await AddCallRecordsAsync(first.Organization.Id, here.Id, 1);
        await AddCallRecordsAsync(second.Organization.Id, there.Id, 2);
        var admin = await app.AdminActorAsync();

        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().DeleteAsync(admin, here.AccountId));

        foreach (var (org, membership, records) in new[] { (first, here, 1), (second, there, 2) })
        {
            var deleted = await EntriesAsync("membership.deleted", org.Organization.Id);
            Assert.Contains(deleted, e => e.TargetId == membership.Id.ToString());
            var anonymized = Assert.Single(await EntriesAsync(AuditCatalogue.CallRecordsAnonymized, org.Organization.Id));
            Assert.Equal(records, (int)JsonNode.Parse(anonymized.Changes!)!["call_record"]!);
        }
    }
}
