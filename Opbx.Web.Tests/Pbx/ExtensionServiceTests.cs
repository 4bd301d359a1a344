using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

[Collection(AppCollection.Name)]
public sealed class ExtensionServiceTests(OpbxApp app)
{
    [Fact]
    public async Task CredentialsAreGeneratedShownOnceStoredProtectedAndNeverAudited()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var account = await kit.ExtensionAsync("201", "Front desk");
        Assert.Matches("^[a-z][a-z0-9]{9}$", account.Username);
        Assert.True(account.Password.Length >= SipCredentials.MinPasswordLength);
        Assert.Matches("^[0-9]{6}$", account.VoicemailPin);
        Assert.Equal(SipCredentials.Realm, account.Realm);

        var stored = await kit.InAsync(sp => sp.GetRequiredService<OpbxDb>().Extensions.AsNoTracking().SingleAsync(x => x.Id == account.ExtensionId));
        Assert.DoesNotContain(account.Password, stored.SipPassword);
        Assert.DoesNotContain(account.VoicemailPin, stored.VoicemailPin);
        Assert.Equal(account.Password, app.Services.GetRequiredService<SipCredentials>().Reveal(stored.SipPassword));

        var created = (await kit.AuditAsync()).Single(a => a.Action == "extension.created");
        var changes = JsonNode.Parse(created.Changes)!;
        Assert.True((bool)changes["sip_password"]!["changed"]!);
        Assert.DoesNotContain(account.Password, created.Changes);
        Assert.DoesNotContain(account.VoicemailPin, created.Changes);

        // Shown again only to those who manage the phone system, and the viewing is in the audit log.
        var again = await kit.Service<ExtensionService, SipAccount>(s => s.RevealAsync(kit.Owner, account.ExtensionId));
        Assert.Equal(account.Password, again.Password);
        Assert.Contains(await kit.AuditAsync(), a => a.Action == "extension.credentials_viewed" && a.TargetName == "201");
        var user = await app.AddMemberAsync(kit.OrganizationId, "pbx_user");
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() =>
            kit.Service<ExtensionService, SipAccount>(s => s.RevealAsync(Actor.Person(user.AccountId, false, OrgRole.PbxUser), account.ExtensionId)));
        Assert.Equal(AccessRules.OnlyPbxAdmins, refused.Message);

        // A password a person gives: at least 16 characters.
        var weak = await Assert.ThrowsAsync<ValidationException>(() => kit.Service<ExtensionService, SipAccount>(s =>
            s.CreateAsync(kit.Owner, new ExtensionInput { Number = "202", SipPassword = "too-short" })));
        Assert.Contains(nameof(ExtensionInput.SipPassword), weak.Errors.Keys);
        var given = await kit.Service<ExtensionService, SipAccount>(s =>
            s.CreateAsync(kit.Owner, new ExtensionInput { Number = "202", SipPassword = "a-long-enough-password" }));
        Assert.Equal("a-long-enough-password", given.Password);
    }

    [Fact]
    public async Task NumbersAreSharedByExtensionsGroupsQueuesAndEmergencyNumbers()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var x = await kit.ExtensionAsync("300");
        await kit.Service<RingGroupService, RingGroup>(s => s.CreateAsync(kit.Owner, new RingGroupInput { Number = "600", Name = "Desk", Strategy = "simultaneous", MemberIds = [x.ExtensionId] }));

        var onGroup = await Assert.ThrowsAsync<ValidationException>(() => kit.ExtensionAsync("600"));
        Assert.Contains("ring group 600", onGroup.Message);
        var onExtension = await Assert.ThrowsAsync<ValidationException>(() => kit.Service<QueueService, Queue>(s =>
            s.CreateAsync(kit.Owner, new QueueInput { Number = "300", Name = "Q", Strategy = "ringall" })));
        Assert.Contains("extension 300", onExtension.Message);
        var trunk = await kit.TrunkAsync();
        var did = await kit.DidAsync(PbxTestKit.NewNumber(), trunk.Id);
        await kit.Service<EmergencyNumberService, EmergencyNumber>(s =>
            s.CreateAsync(kit.Owner, new EmergencyNumberInput { Number = "112", CallerIdDidId = did.Id, TrunkIds = [trunk.Id] }));
        await Assert.ThrowsAsync<ValidationException>(() => kit.ExtensionAsync("112"));
        // A member's extension is checked the same way.
        var member = await Assert.ThrowsAsync<ValidationException>(() => app.AddMemberAsync(kit.OrganizationId, "pbx_user", extension: "600"));
        Assert.Contains("ring group 600", member.Message);
        // Another organization has its own number space.
        var other = await PbxTestKit.NewAsync(app);
        await other.ExtensionAsync("600");
    }

    [Fact]
    public async Task DeletingAnExtensionRemovesItWhereItWasUsedAndSaysWhere()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var a = await kit.ExtensionAsync("401");
        var b = await kit.ExtensionAsync("402");
        var created = await kit.Service<RingGroupService, RingGroup>(s => s.CreateAsync(kit.Owner,
            new RingGroupInput { Number = "640", Name = "G", Strategy = "sequential", MemberIds = [a.ExtensionId, b.ExtensionId], Fallback = new("voicemail", a.ExtensionId) }));
        await kit.Service<QueueService, Queue>(s => s.CreateAsync(kit.Owner, new QueueInput { Number = "740", Name = "Q", Strategy = "linear", MemberIds = [a.ExtensionId] }));
        var trunk = await kit.TrunkAsync();
        var did = await kit.DidAsync(PbxTestKit.NewNumber(), trunk.Id, new("extension", a.ExtensionId));

        var usage = await kit.Service<ExtensionService, ExtensionUsage>(s => s.DeleteAsync(kit.Owner, a.ExtensionId));
        Assert.Equal(["ring group 640"], usage.RingGroups);
        Assert.Equal(["queue 740"], usage.Queues);
        Assert.Equal(2, usage.Destinations.Count);

        var group = await kit.Service<RingGroupService, RingGroupRow>(s => s.GetAsync(created.Id));
        Assert.Equal(["402"], group.MemberNumbers);
        Assert.Equal(Destination.Hangup, group.Fallback);
        Assert.Equal(Destination.Hangup, (await kit.Service<DidService, DidRow>(s => s.GetAsync(did.Id))).Destination);
        var audit = await kit.AuditAsync();
        Assert.Contains(audit, e => e.Action == "ring_group_member.deleted");
        Assert.Contains(audit, e => e.Action == "queue_member.deleted");
        Assert.Contains(audit, e => e.Action == "extension.deleted" && e.Note!.Contains("ring group 640"));
    }

    [Fact]
    public async Task AMembersExtensionLeavesGroupsWhenTheMemberGoesAndItsLoginStopsWorking()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var member = await app.AddMemberAsync(kit.OrganizationId, "pbx_user", extension: "501");
        var extension = await kit.InAsync(sp => sp.GetRequiredService<OpbxDb>().Extensions.AsNoTracking().SingleAsync(x => x.Number == "501"));
        Assert.NotEmpty(extension.SipUsername);
        Assert.NotEmpty(extension.SipPassword);
        var queue = await kit.Service<QueueService, Queue>(s => s.CreateAsync(kit.Owner, new QueueInput { Number = "750", Name = "Q", Strategy = "ringall", MemberIds = [extension.Id] }));

        await app.InOrganizationAsync(kit.OrganizationId, sp => sp.GetRequiredService<MemberService>().DeleteAsync(kit.Owner, member.Id));
        var after = await kit.InAsync(sp => sp.GetRequiredService<OpbxDb>().Extensions.AsNoTracking().SingleAsync(x => x.Number == "501"));
        Assert.Null(after.MembershipId);                         // kept, unassigned
        Assert.NotEqual(extension.SipPassword, after.SipPassword); // the departed person's phone no longer registers
        Assert.Empty((await kit.Service<QueueService, QueueRow>(s => s.GetAsync(queue.Id))).MemberIds);
        Assert.Contains(await kit.AuditAsync(), e => e.Action == "queue_member.deleted");
    }
}
