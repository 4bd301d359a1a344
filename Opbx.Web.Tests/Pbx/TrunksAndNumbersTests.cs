using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

/// <summary>
/// Shared trunks and the number inventory across organizations: who may change what, what each organization sees, and
/// that a number is one organization's at a time.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TrunksAndNumbersTests(OpbxApp app)
{
    private Task<T> Platform<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
        app.WithScopeAsync(sp => work(sp.GetRequiredService<TService>()));

    private static TrunkInput Carrier(string name) => new()
    {
        Name = name,
        Host = "198.51.100.20",
        Transport = "tls",
        Port = 5061,
        Username = "provider",
        Password = "Provider-pass.1",
        Register = true,
        InboundMatch = ["198.51.100.0/28"]
    };

    [Fact]
    public async Task SharedTrunksAreSeenByEveryOrganizationAndChangedOnlyByPlatformManagers()
    {
        var admin = await app.AdminActorAsync();
        var a = await PbxTestKit.NewAsync(app);
        var b = await PbxTestKit.NewAsync(app);
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => a.Service<TrunkService, Trunk>(s => s.CreateSharedAsync(a.Owner, Carrier("Nope"))));
        Assert.Equal(AccessRules.OnlySharedTrunks, refused.Message);
        var shared = await Platform<TrunkService, Trunk>(s => s.CreateSharedAsync(admin, Carrier($"Provider {Guid.NewGuid():N}")));
        var own = await a.TrunkAsync("A's own");

        // A sees the shared trunk (name only) and its own; B sees the shared one but not A's.
        var seenByA = await a.Service<TrunkService, IReadOnlyList<TrunkRow>>(s => s.ListAsync());
        var sharedRow = Assert.Single(seenByA, t => t.Id == shared.Id);
        Assert.Null(sharedRow.Host);
        Assert.Null(sharedRow.Username);
        Assert.Contains(seenByA, t => t.Id == own.Id && t.Host == "203.0.113.10");
        var seenByB = await b.Service<TrunkService, IReadOnlyList<TrunkRow>>(s => s.ListAsync());
        Assert.Contains(seenByB, t => t.Id == shared.Id);
        Assert.DoesNotContain(seenByB, t => t.Id == own.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => b.Service<TrunkService, Trunk>(s => s.UpdateAsync(b.Owner, own.Id, Carrier("Taken over"))));
        var update = await Assert.ThrowsAsync<RuleViolationException>(() => a.Service<TrunkService, Trunk>(s => s.UpdateAsync(a.Owner, shared.Id, Carrier("Mine now"))));
        Assert.Equal(AccessRules.OnlySharedTrunks, update.Message);

        // Both may route over it; the data layer itself refuses an organization writing a platform row.
        var route = await a.Service<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(a.Owner,
            new OutboundRouteInput { Name = "Out", Patterns = [new("_0X.", 1, "+49")], TrunkIds = [own.Id, shared.Id] }));
        Assert.Equal(2, route.Trunks.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => a.InAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            (await db.Trunks.SingleAsync(t => t.Id == shared.Id)).Name = "Hijacked";
            return await db.SaveChangesAsync();
        }));

        // Deleting the shared trunk takes it out of every organization's routes and says where it was used.
        var used = await Platform<TrunkService, IReadOnlyList<string>>(s => s.DeleteAsync(admin, shared.Id));
        Assert.Equal(["route Out"], used);
        Assert.Equal([own.Id], (await a.Service<OutboundRouteService, OutboundRouteRow>(s => s.GetAsync(route.Id))).TrunkIds);
    }

    [Fact]
    public async Task ANumberIsOneOrganizationsAndAnotherLearnsOnlyThatItIsTaken()
    {
        var a = await PbxTestKit.NewAsync(app);
        var b = await PbxTestKit.NewAsync(app);
        var number = PbxTestKit.NewNumber();
        await a.DidAsync(number, (await a.TrunkAsync()).Id);
        var trunkB = await b.TrunkAsync();
        var taken = await Assert.ThrowsAsync<RuleViolationException>(() => b.DidAsync(number, trunkB.Id));
        Assert.Equal(Outcome.Conflict, taken.Verdict.Outcome);
        Assert.Equal(DidService.Taken, taken.Message);
        Assert.DoesNotContain(a.Key, taken.Message);
        // B cannot see, route or remove A's number.
        Assert.Empty(await b.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync()));
    }

    [Fact]
    public async Task PlatformManagersAssignMoveAndReleaseInventoryNumbers()
    {
        var admin = await app.AdminActorAsync();
        var a = await PbxTestKit.NewAsync(app);
        var b = await PbxTestKit.NewAsync(app, s => s.MaxDids = 1);
        var shared = await Platform<TrunkService, Trunk>(s => s.CreateSharedAsync(admin, Carrier($"Provider {Guid.NewGuid():N}")));
        var number = PbxTestKit.NewNumber();
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => a.DidAsync(number, shared.Id));
        Assert.Equal(AccessRules.PlatformNumbers, refused.Message);

        var did = await Platform<NumberInventory, Did>(s => s.AddAsync(admin, number, shared.Id));
        Assert.Empty(await a.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync())); // in the inventory: nobody's
        await Platform<NumberInventory, Did>(s => s.AssignAsync(admin, did.Id, a.OrganizationId));
        var row = Assert.Single(await a.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync()));
        Assert.True(row.PlatformNumber);

        // A routes it and shows it as caller ID, but cannot give it back or take it to another trunk.
        var x = await a.ExtensionAsync("101");
        await a.Service<DidService, Did>(s => s.UpdateAsync(a.Owner, did.Id, new DidRouting { TrunkId = shared.Id, Destination = new("extension", x.ExtensionId) }));
        var route = await a.Service<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(a.Owner,
            new OutboundRouteInput { Name = "Out", Patterns = [new("_0X.")], TrunkIds = [shared.Id], CallerIdDidId = did.Id }));
        Assert.Equal(AccessRules.PlatformNumbers,
            (await Assert.ThrowsAsync<RuleViolationException>(() => a.Service<DidService, bool>(async s => { await s.DeleteAsync(a.Owner, did.Id); return true; }))).Message);
        var ownTrunk = await a.TrunkAsync();
        await Assert.ThrowsAsync<RuleViolationException>(() => a.Service<DidService, Did>(s => s.UpdateAsync(a.Owner, did.Id, new DidRouting { TrunkId = ownTrunk.Id })));

        // Moved to B (within B's limit): A's route stops showing it, B gets it hung up until routed.
        await Platform<NumberInventory, Did>(s => s.AssignAsync(admin, did.Id, b.OrganizationId));
        Assert.Null((await a.Service<OutboundRouteService, OutboundRouteRow>(s => s.GetAsync(route.Id))).CallerIdDidId);
        Assert.Empty(await a.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync()));
        Assert.Equal(Destination.Hangup, Assert.Single(await b.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync())).Destination);
        var second = await Platform<NumberInventory, Did>(s => s.AddAsync(admin, PbxTestKit.NewNumber(), shared.Id));
        var limit = await Assert.ThrowsAsync<RuleViolationException>(() => Platform<NumberInventory, Did>(s => s.AssignAsync(admin, second.Id, b.OrganizationId)));
        Assert.Equal(1, limit.Verdict.Data!["limit"]);
        Assert.Equal(1, limit.Verdict.Data!["current"]);

        await Platform<NumberInventory, Did>(s => s.ReleaseAsync(admin, did.Id));
        Assert.Empty(await b.Service<DidService, IReadOnlyList<DidRow>>(s => s.ListAsync()));
        var inventory = await Platform<NumberInventory, Paged<InventoryRow>>(s => s.ListAsync(admin, search: number));
        Assert.Null(Assert.Single(inventory.Items).OrganizationId);
        Assert.Contains(await a.AuditAsync(), e => e.Action == "did.assigned");
        Assert.Contains(await b.AuditAsync(), e => e.Action == "did.moved");
        Assert.Contains(await b.AuditAsync(), e => e.Action == "did.released");
        await Assert.ThrowsAsync<RuleViolationException>(() => a.Service<NumberInventory, Paged<InventoryRow>>(s => s.ListAsync(a.Owner)));
    }

    [Fact]
    public async Task DeletingAnOrganizationReturnsTheProvidersNumbersAndRemovesItsOwn()
    {
        var admin = await app.AdminActorAsync();
        var a = await PbxTestKit.NewAsync(app);
        var shared = await Platform<TrunkService, Trunk>(s => s.CreateSharedAsync(admin, Carrier($"Provider {Guid.NewGuid():N}")));
        var provided = await Platform<NumberInventory, Did>(s => s.AddAsync(admin, PbxTestKit.NewNumber(), shared.Id));
        await Platform<NumberInventory, Did>(s => s.AssignAsync(admin, provided.Id, a.OrganizationId));
        var own = await a.DidAsync(PbxTestKit.NewNumber(), (await a.TrunkAsync()).Id);
        var name = (await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().GetAsync(a.OrganizationId))).Name;
        Assert.Equal(2, (await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().PreviewDeletionAsync(a.OrganizationId))).Numbers);
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeleteAsync(admin, a.OrganizationId, name));
        var left = await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            return await sp.GetRequiredService<OpbxDb>().Dids.Where(d => d.Id == provided.Id || d.Id == own.Id).ToListAsync();
        });
        var back = Assert.Single(left);
        Assert.Equal(provided.Id, back.Id);
        Assert.Null(back.OrganizationId);
        Assert.Equal(shared.Id, back.TrunkId);
    }
}
