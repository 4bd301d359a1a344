using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

/// <summary>From the database to the files: what PbxSnapshots reads is what the renderer writes.</summary>
[Collection(AppCollection.Name)]
public sealed class SnapshotTests(OpbxApp app)
{
    [Fact]
    public async Task AnOrganizationRendersFromItsRows()
    {
        var admin = await app.AdminActorAsync();
        var kit = await PbxTestKit.NewAsync(app, s => s.ConcurrentCalls = 4);
        var front = await kit.ExtensionAsync("201", "Front (desk); \"main\"");
        var member = await app.AddMemberAsync(kit.OrganizationId, "pbx_user", extension: "202");
        var trunk = await kit.TrunkAsync();
        var memberExtension = await kit.InAsync(sp => sp.GetRequiredService<OpbxDb>().Extensions.Where(x => x.Number == "202").Select(x => x.Id).SingleAsync());
        var group = await kit.Service<RingGroupService, RingGroup>(s => s.CreateAsync(kit.Owner,
            new RingGroupInput { Number = "600", Name = "Desk", Strategy = "simultaneous", MemberIds = [front.ExtensionId, memberExtension] }));
        var did = await kit.DidAsync(PbxTestKit.NewNumber(), trunk.Id, new("ring_group", group.Id));
        await kit.Service<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(kit.Owner,
            new OutboundRouteInput { Name = "Out", Patterns = [new("_0X.", 1, "+49")], TrunkIds = [trunk.Id], CallerIdDidId = did.Id }));

        var snapshot = await app.WithScopeAsync(sp => sp.GetRequiredService<PbxSnapshots>().OrganizationAsync(kit.OrganizationId));
        Assert.NotNull(snapshot);
        Assert.Equal(kit.Key, snapshot.Key);
        var x = snapshot.Extensions.Single(e => e.Number.Value == "201");
        Assert.Equal(SipCredentials.Md5Credential(front.Username, SipCredentials.Realm, front.Password), x.Md5Credential);
        Assert.Equal(did.Number, snapshot.OutboundRoutes.Single().CallerId?.Value);

        var files = new ConfigRenderer().RenderOrganization(snapshot, "/etc/asterisk/opbx").Files.ToDictionary(f => f.RelativePath);
        var pjsip = files[$"orgs/{kit.Key}/pjsip.conf"].Content;
        Assert.Contains($"md5_cred = {x.Md5Credential}", pjsip);
        Assert.DoesNotContain(front.Password, string.Concat(files.Values.Select(f => f.Content)));
        Assert.Contains("callerid = \"Front desk main\" <201>", pjsip);
        Assert.Contains($"GROUP_COUNT({kit.Key}@opbx_calls)}} > 4", files[$"orgs/{kit.Key}/extensions.conf"].Content);

        // The member goes inactive: the extension disappears from the files, the group rings the other one.
        await app.InOrganizationAsync(kit.OrganizationId, sp => sp.GetRequiredService<MemberService>().UpdateAsync(kit.Owner, member.Id, new MemberUpdate { Status = "inactive" }));
        snapshot = await app.WithScopeAsync(sp => sp.GetRequiredService<PbxSnapshots>().OrganizationAsync(kit.OrganizationId));
        var username = snapshot!.Extensions.Single(e => e.Number.Value == "202").SipUsername;
        var after = new ConfigRenderer().RenderOrganization(snapshot, "/etc/asterisk/opbx").Files;
        Assert.All(after, f => Assert.DoesNotContain(username, f.Content));

        // The platform part knows the organization's folder; a deleted organization has no snapshot.
        var platform = await app.WithScopeAsync(sp => sp.GetRequiredService<PbxSnapshots>().PlatformAsync());
        Assert.Contains(kit.Key, platform.OrganizationKeys);
        var name = (await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Domain.Organizations.OrganizationService>().GetAsync(kit.OrganizationId))).Name;
        await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Domain.Organizations.OrganizationService>().DeleteAsync(admin, kit.OrganizationId, name));
        Assert.Null(await app.WithScopeAsync(sp => sp.GetRequiredService<PbxSnapshots>().OrganizationAsync(kit.OrganizationId)));
        Assert.DoesNotContain(kit.Key, (await app.WithScopeAsync(sp => sp.GetRequiredService<PbxSnapshots>().PlatformAsync())).OrganizationKeys);
    }
}
