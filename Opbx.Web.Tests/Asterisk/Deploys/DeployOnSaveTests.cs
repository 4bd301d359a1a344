using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Asterisk.Deploys;

/// <summary>
/// Saves deploy by themselves, whatever service made them: queued once the data is committed, coalesced, run one at a
/// time, recorded. The shared app has no AMI host: deploys write the files and record that nothing was reloaded (the
/// same mechanism against a real Asterisk is in <see cref="CallScenarios"/>).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeployOnSaveTests(OpbxApp app)
{
    private string Root => app.Services.GetRequiredService<ConfigFolder>().Root;

    private string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    private async Task<List<Deploy>> DeploysOfAsync(Guid? organizationId, DateTimeOffset since) =>
        (await app.SettledDeploysAsync(since)).Where(d => d.OrganizationId == organizationId).ToList();

    [Fact]
    public void Every_entity_type_of_the_model_says_whether_it_shapes_Asterisks_configuration()
    {
        using var scope = app.Services.CreateScope();
        var types = scope.ServiceProvider.GetRequiredService<OpbxDb>().Model.GetEntityTypes().Select(t => t.ClrType).Distinct().ToList();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.True(ConfigShapingChanges.Decides(t), $"{t.Name} has no decision in ConfigShapingChanges."));
    }

    [Fact]
    public async Task A_save_through_a_service_queues_a_deploy_that_writes_the_organization_and_records_that_nothing_was_reloaded()
    {
        var since = DateTimeOffset.UtcNow;
        var kit = await PbxTestKit.NewAsync(app);
        var phone = await kit.ExtensionAsync("100");

        var deploys = await DeploysOfAsync(kit.OrganizationId, since);

        Assert.NotEmpty(deploys);
        // The organization's creation and the extension: two saves, in however many deploys they landed.
        Assert.Equal(2, deploys.Sum(d => d.Requests));
        Assert.All(deploys, d =>
        {
            Assert.Equal(DeployStatus.Succeeded, d.Status);
            Assert.Equal(DeployTrigger.Save, d.Trigger);
            Assert.Equal("test-harness", d.RequestedBy);
            Assert.True(d.ReloadSkipped);
            Assert.Empty(d.Reloaded);
            Assert.Contains("Asterisk not connected", d.Summary);
            Assert.True(d.StartedAt >= d.QueuedAt && d.FinishedAt >= d.StartedAt);
        });
        Assert.Contains($"orgs/{kit.Key}/pjsip.conf", deploys.SelectMany(d => d.Written));
        Assert.Contains($"[{phone.Username}]", Read($"orgs/{kit.Key}/pjsip.conf"));
        Assert.Contains($"#include \"{Root}/orgs/{kit.Key}/pjsip.conf\"", Read("opbx_pjsip.conf"));
    }

    [Fact]
    public async Task Deploying_an_unchanged_organization_writes_nothing_and_reloads_nothing()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await kit.ExtensionAsync("100");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var file = new FileInfo(Path.Combine(Root, "orgs", kit.Key, "extensions.conf"));
        var written = file.LastWriteTimeUtc;

        var queued = await kit.Service<DeployService, Deploy>(s => s.DeployNowAsync(kit.Owner));
        await app.SettledDeploysAsync(queued.QueuedAt);
        var deploy = await kit.Service<DeployService, Deploy>(s => s.GetAsync(queued.Id));

        Assert.Equal(DeployStatus.Succeeded, deploy.Status);
        Assert.Equal(DeployTrigger.DeployNow, deploy.Trigger);
        Assert.Empty(deploy.Written);
        Assert.Empty(deploy.Deleted);
        Assert.Empty(deploy.Reloaded);
        Assert.StartsWith("0 file(s) written, 0 deleted", deploy.Summary);
        file.Refresh();
        Assert.Equal(written, file.LastWriteTimeUtc);
    }

    [Fact]
    public async Task Saves_in_quick_succession_share_deploys_none_is_lost_and_no_two_deploys_of_an_organization_overlap()
    {
        var since = DateTimeOffset.UtcNow;
        var kit = await PbxTestKit.NewAsync(app);
        var phones = new List<Opbx.Domain.Pbx.SipAccount>();
        for (var i = 0; i < 8; i++) phones.Add(await kit.ExtensionAsync($"2{i:00}"));

        var deploys = await DeploysOfAsync(kit.OrganizationId, since);

        Assert.Equal(9, deploys.Sum(d => d.Requests));
        // The test app waits 2 s before it runs a queued deploy; nine saves in a row land in one, or a few.
        Assert.InRange(deploys.Count, 1, 3);
        var runs = deploys.OrderBy(d => d.StartedAt).ToList();
        for (var i = 1; i < runs.Count; i++) Assert.True(runs[i].StartedAt >= runs[i - 1].FinishedAt, "Two deploys of one organization overlapped.");
        var pjsip = Read($"orgs/{kit.Key}/pjsip.conf");
        Assert.All(phones, p => Assert.Contains($"[{p.Username}]", pjsip));
    }

    [Fact]
    public async Task A_deploy_is_queued_when_the_transaction_commits_and_never_for_one_rolled_back()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        Task<int> Count() => app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return await sp.GetRequiredService<OpbxDb>().Deploys.CountAsync(d => d.OrganizationId == kit.OrganizationId);
        });
        var before = await Count();

        await kit.InAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var extensions = sp.GetRequiredService<ExtensionService>();
            await using (await db.BeginWriteAsync())
            {
                // The service joins the open transaction; leaving it without a commit rolls the extension back.
                await extensions.CreateAsync(kit.Owner, new ExtensionInput { Number = "150", Name = "Rolled back" });
            }
            Assert.Equal(before, await Count());
            // What the rolled back save left tracked (its audit entry's id among them) is not in the database.
            db.ChangeTracker.Clear();

            await using var tx = await db.BeginWriteAsync();
            await extensions.CreateAsync(kit.Owner, new ExtensionInput { Number = "151", Name = "Committed" });
            Assert.Equal(before, await Count());
            await tx.CommitAsync();
            Assert.Equal(before + 1, await Count());
            return true;
        });

        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var dialplan = Read($"orgs/{kit.Key}/extensions.conf");
        Assert.Contains("exten => 151,", dialplan);
        Assert.DoesNotContain("exten => 150,", dialplan);
    }

    [Fact]
    public async Task Deactivating_a_member_or_their_account_deploys_their_organizations_without_their_phone()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var other = await PbxTestKit.NewAsync(app);
        var member = await app.AddMemberAsync(kit.OrganizationId, "pbx_user", extension: "120");
        await app.AddMemberAsync(other.OrganizationId, "pbx_user", email: member.Account!.Email, extension: "130");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var username = (await kit.Service<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync())).Single(x => x.Number == "120").SipUsername;
        var otherUsername = (await other.Service<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync())).Single(x => x.Number == "130").SipUsername;
        Assert.Contains($"[{username}]", Read($"orgs/{kit.Key}/pjsip.conf"));

        var since = DateTimeOffset.UtcNow;
        await kit.Service<MemberService, Membership>(s => s.UpdateAsync(kit.Owner, member.Id, new MemberUpdate { Status = "inactive" }));
        Assert.NotEmpty(await DeploysOfAsync(kit.OrganizationId, since));
        Assert.DoesNotContain($"[{username}]", Read($"orgs/{kit.Key}/pjsip.conf"));
        Assert.Contains($"[{otherUsername}]", Read($"orgs/{other.Key}/pjsip.conf"));

        since = DateTimeOffset.UtcNow;
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, member.AccountId, false));
        Assert.NotEmpty(await DeploysOfAsync(other.OrganizationId, since));
        Assert.DoesNotContain($"[{otherUsername}]", Read($"orgs/{other.Key}/pjsip.conf"));
    }

    [Fact]
    public async Task A_shared_trunk_deploys_the_platform_and_a_moved_number_deploys_both_organizations()
    {
        var a = await PbxTestKit.NewAsync(app);
        var b = await PbxTestKit.NewAsync(app);
        var admin = await app.AdminActorAsync();
        // The new organizations' deploys (and any platform deploy still queued) settle first: a save while a platform deploy
        // is queued joins it, and that deploy was queued before `since`.
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var since = DateTimeOffset.UtcNow;

        var trunk = await app.WithScopeAsync(sp => sp.GetRequiredService<TrunkService>().CreateSharedAsync(admin,
            new TrunkInput { Name = "Carrier " + Guid.NewGuid().ToString("N")[..6], Host = "198.51.100.7", Transport = "udp" }));
        var platform = await DeploysOfAsync(null, since);
        Assert.Contains(platform, d => d.Status == DeployStatus.Succeeded);
        Assert.Contains($"[{PbxNames.TrunkEndpoint(trunk.Id)}]", Read("opbx_pjsip.conf"));

        var number = PbxTestKit.NewNumber();
        since = DateTimeOffset.UtcNow;
        var did = await app.WithScopeAsync(async sp =>
        {
            var inventory = sp.GetRequiredService<NumberInventory>();
            var added = await inventory.AddAsync(admin, number, trunk.Id);
            return await inventory.AssignAsync(admin, added.Id, a.OrganizationId);
        });
        Assert.NotEmpty(await DeploysOfAsync(a.OrganizationId, since));
        Assert.Contains($"exten => {number},1,Goto(opbx-{a.Key}-inbound,", Read("opbx_extensions.conf"));

        since = DateTimeOffset.UtcNow;
        await app.WithScopeAsync(sp => sp.GetRequiredService<NumberInventory>().AssignAsync(admin, did.Id, b.OrganizationId));
        Assert.NotEmpty(await DeploysOfAsync(a.OrganizationId, since));
        Assert.NotEmpty(await DeploysOfAsync(b.OrganizationId, since));
        Assert.Contains($"exten => {number},1,Goto(opbx-{b.Key}-inbound,", Read("opbx_extensions.conf"));
        Assert.DoesNotContain(PbxNames.DidLabel(did.Id), Read($"orgs/{a.Key}/extensions.conf"));
        Assert.Contains(PbxNames.DidLabel(did.Id), Read($"orgs/{b.Key}/extensions.conf"));
    }
}
