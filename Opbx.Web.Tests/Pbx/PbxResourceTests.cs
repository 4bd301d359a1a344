using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

/// <summary>Ring groups, queues, routes and emergency numbers: limits, destinations inside the organization, validation.</summary>
[Collection(AppCollection.Name)]
public sealed class PbxResourceTests(OpbxApp app)
{
    [Fact]
    public async Task QueuesTrunksAndNumbersStopAtTheirLimitsWithTheLimitAndTheCount()
    {
        var kit = await PbxTestKit.NewAsync(app, s => { s.MaxQueues = 1; s.MaxTrunks = 1; s.MaxDids = 1; });
        await kit.Service<QueueService, Queue>(s => s.CreateAsync(kit.Owner, new QueueInput { Number = "700", Name = "One", Strategy = "rrmemory" }));
        var queue = await Assert.ThrowsAsync<RuleViolationException>(() =>
            kit.Service<QueueService, Queue>(s => s.CreateAsync(kit.Owner, new QueueInput { Number = "701", Name = "Two", Strategy = "random" })));
        Assert.Equal(Outcome.Forbidden, queue.Verdict.Outcome);
        Assert.Equal((1, 1), ((int)queue.Verdict.Data!["limit"]!, (int)queue.Verdict.Data!["current"]!));
        // The queues page shows its list's total against the limit.
        Assert.Equal(1, (await kit.Service<QueueService, Paged<QueueRow>>(s => s.PageAsync(1, 50))).Total);

        var trunk = await kit.TrunkAsync();
        Assert.Equal("trunks", (await Assert.ThrowsAsync<RuleViolationException>(() => kit.TrunkAsync("Second"))).Verdict.Data!["resource"]);
        await kit.DidAsync(PbxTestKit.NewNumber(), trunk.Id);
        Assert.Equal("numbers", (await Assert.ThrowsAsync<RuleViolationException>(() => kit.DidAsync(PbxTestKit.NewNumber(), trunk.Id))).Verdict.Data!["resource"]);
        // The numbers' usage counts the organization's own numbers only, against its own limit.
        var other = await PbxTestKit.NewAsync(app, s => s.MaxDids = 5);
        var theirTrunk = await other.TrunkAsync();
        await other.DidAsync(PbxTestKit.NewNumber(), theirTrunk.Id);
        await other.DidAsync(PbxTestKit.NewNumber(), theirTrunk.Id);
        Assert.Equal(new LimitUsage(1, 1), await kit.Service<DidService, LimitUsage>(s => s.UsageAsync()));
        Assert.Equal(new LimitUsage(2, 5), await other.Service<DidService, LimitUsage>(s => s.UsageAsync()));
    }

    [Fact]
    public async Task DestinationsStayInsideTheOrganizationAndNeverLoop()
    {
        var kit = await PbxTestKit.NewAsync(app, s => s.Voicemail = false);
        var other = await PbxTestKit.NewAsync(app);
        var theirs = await other.ExtensionAsync("101");
        var mine = await kit.ExtensionAsync("101");
        var foreign = await Assert.ThrowsAsync<ValidationException>(() => kit.Service<RingGroupService, RingGroup>(s =>
            s.CreateAsync(kit.Owner, new RingGroupInput { Number = "600", Name = "G", Strategy = "simultaneous", Fallback = new("extension", theirs.ExtensionId) })));
        Assert.Contains("not found in this organization", foreign.Message);
        await Assert.ThrowsAsync<ValidationException>(() => kit.Service<RingGroupService, RingGroup>(s =>
            s.CreateAsync(kit.Owner, new RingGroupInput { Number = "600", Name = "G", Strategy = "simultaneous", MemberIds = [theirs.ExtensionId] })));
        var voicemail = await Assert.ThrowsAsync<ValidationException>(() => kit.Service<RingGroupService, RingGroup>(s =>
            s.CreateAsync(kit.Owner, new RingGroupInput { Number = "600", Name = "G", Strategy = "simultaneous", Fallback = new("voicemail", mine.ExtensionId) })));
        Assert.Contains("Voicemail is switched off", voicemail.Message);

        var group = await kit.Service<RingGroupService, RingGroup>(s =>
            s.CreateAsync(kit.Owner, new RingGroupInput { Number = "600", Name = "G", Strategy = "round_robin", MemberIds = [mine.ExtensionId] }));
        var queue = await kit.Service<QueueService, Queue>(s =>
            s.CreateAsync(kit.Owner, new QueueInput { Number = "700", Name = "Q", Strategy = "fewestcalls", Fallback = new("ring_group", group.Id) }));
        var loop = await Assert.ThrowsAsync<ValidationException>(() => kit.Service<RingGroupService, RingGroup>(s => s.UpdateAsync(kit.Owner, group.Id,
            new RingGroupInput { Number = "600", Name = "G", Strategy = "round_robin", MemberIds = [mine.ExtensionId], Fallback = new("queue", queue.Id) })));
        Assert.Contains("round in a circle", loop.Message);
        Assert.Contains(nameof(RingGroupInput.Strategy), (await Assert.ThrowsAsync<ValidationException>(() => kit.Service<RingGroupService, RingGroup>(s =>
            s.CreateAsync(kit.Owner, new RingGroupInput { Number = "601", Name = "G", Strategy = "RoundRobin" })))).Errors.Keys);
    }

    [Fact]
    public async Task MembersOrderAndChangesAreKeptAndAudited()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var a = await kit.ExtensionAsync("201");
        var b = await kit.ExtensionAsync("202");
        var c = await kit.ExtensionAsync("203");
        var group = await kit.Service<RingGroupService, RingGroup>(s => s.CreateAsync(kit.Owner,
            new RingGroupInput { Number = "600", Name = "G", Strategy = "sequential", MemberIds = [a.ExtensionId, b.ExtensionId] }));
        await kit.Service<RingGroupService, RingGroup>(s => s.UpdateAsync(kit.Owner, group.Id,
            new RingGroupInput { Number = "600", Name = "G", Strategy = "sequential", MemberIds = [c.ExtensionId, a.ExtensionId], RingSeconds = 25 }));
        var row = await kit.Service<RingGroupService, RingGroupRow>(s => s.GetAsync(group.Id));
        Assert.Equal(["203", "201"], row.MemberNumbers);
        Assert.Equal(25, row.RingSeconds);
        var audit = await kit.AuditAsync();
        Assert.Contains(audit, e => e.Action == "ring_group.created" && e.TargetName == "600 G");
        Assert.Equal(3, audit.Count(e => e.Action == "ring_group_member.created"));   // a, b, then c
        Assert.Single(audit, e => e.Action == "ring_group_member.deleted");           // b
        Assert.Contains(audit, e => e.Action == "ring_group.updated" && e.Changes.Contains("ring_seconds"));
        var pbxUser = await app.AddMemberAsync(kit.OrganizationId, "reporter");
        await Assert.ThrowsAsync<RuleViolationException>(() => kit.Service<RingGroupService, IReadOnlyList<string>>(s =>
            s.DeleteAsync(Actor.Person(pbxUser.AccountId, false, OrgRole.Reporter), group.Id)));
    }

    [Fact]
    public async Task RoutesTakeValidatedPatternsOwnOrSharedTrunksAndOwnNumbers()
    {
        var kit = await PbxTestKit.NewAsync(app);
        var other = await PbxTestKit.NewAsync(app);
        var trunk = await kit.TrunkAsync();
        var theirTrunk = await other.TrunkAsync();
        var theirNumber = await other.DidAsync(PbxTestKit.NewNumber(), theirTrunk.Id);
        Task<OutboundRoute> Create(OutboundRouteInput input) => kit.Service<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(kit.Owner, input));

        var bad = await Assert.ThrowsAsync<ValidationException>(() => Create(new() { Name = "R", Patterns = [new("_9X,1,Dial(PJSIP/x)"), new("_."), new("_0X.", 5)], TrunkIds = [trunk.Id] }));
        Assert.Equal(3, bad.Errors[nameof(OutboundRouteInput.Patterns)].Length);
        await Assert.ThrowsAsync<ValidationException>(() => Create(new() { Name = "R", Patterns = [new("_0X.")], TrunkIds = [theirTrunk.Id] }));
        await Assert.ThrowsAsync<ValidationException>(() => Create(new() { Name = "R", Patterns = [new("_0X.")], TrunkIds = [trunk.Id], CallerIdDidId = theirNumber.Id }));

        var route = await Create(new() { Name = "National", Patterns = [new("_0x.", 1, "+49")], TrunkIds = [trunk.Id] });
        Assert.Equal("_0X.", route.Patterns.Single().Pattern);
        var twice = await Assert.ThrowsAsync<ValidationException>(() => Create(new() { Name = "Again", Patterns = [new("_0X.")], TrunkIds = [trunk.Id] }));
        Assert.Contains("route National", twice.Message);

        // Emergency numbers need a caller ID of the organization's own.
        await Assert.ThrowsAsync<ValidationException>(() => kit.Service<EmergencyNumberService, EmergencyNumber>(s =>
            s.CreateAsync(kit.Owner, new EmergencyNumberInput { Number = "911", TrunkIds = [trunk.Id] })));
        var mine = await kit.DidAsync(PbxTestKit.NewNumber(), trunk.Id);
        var emergency = await kit.Service<EmergencyNumberService, EmergencyNumber>(s =>
            s.CreateAsync(kit.Owner, new EmergencyNumberInput { Number = "911", CallerIdDidId = mine.Id, TrunkIds = [trunk.Id] }));
        Assert.Equal("911", emergency.Number);
    }
}
