using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Opbx.Asterisk;
using Opbx.Asterisk.Ami;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// The product's promises about calls, proved with real calls. Opbx itself (the real app on Kestrel,
/// <see cref="AsteriskApp"/>) creates organizations and their phone systems through its services and its API; every save
/// deploys by itself over AMI into the collection's Asterisk 22 (as the operator guide's least-privilege AMI user), each
/// deploy must succeed with no ERROR in Asterisk's log; then SIPp phones and carriers place the calls.
/// <code>
/// Promise                                               Scenario                                                  SIP answer
/// ----------------------------------------------------  --------------------------------------------------------  -------------------------------
/// Deploy now (API), then an active phone registers      POST /config/deploy, follow it; REGISTER                   202, succeeded; 200
/// An unchanged deploy changes nothing                   POST /config/deploy again                                  no file written, no reload
/// An inactive member's phone does not register          deactivate the member; REGISTER with its credentials        401 (no such phone)
/// Extensions of one organization call each other       100 calls 101                                              200, 101 answers
/// Another organization is out of reach                  dial its extension number; dial its phone's SIP username   404; 404
/// Concurrent-call limit, counted once per call          limit 2: third call while two are up                       503; the two complete
/// Emergency numbers are never refused                   112 with the limit reached; 112 while suspended            200 at the carrier, own caller ID
/// A suspended organization makes no calls               100 calls 101                                              403
/// Ring groups and queues reach a member                 call group 600; call queue 700                             200, answered by 101
/// A number arrives at its destination                   the carrier sends the number on the organization's trunk   200, 100 answers
/// Another organization's number on a private trunk      the same carrier sends a number another organization holds 404
/// Shared trunks carry every organization's numbers      a number on a shared trunk; then moved to another org      200 at each holder in turn
/// Outbound calls go out as routed                       9 + number, route _9X. strip 1 prepend 00, caller ID      200; carrier sees 00…, From +49…
/// </code>
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class CallScenarios(AsteriskServer asterisk, AsteriskApp app) : IAsyncLifetime
{
    private readonly AmiClient _ami = new(asterisk.Ami, NullLogger<AmiClient>.Instance, TimeProvider.System);
    private readonly ScenarioCheckpoint _checkpoint = new(asterisk, app);

    // The start-up deploy and the previous test's deploys are done before this test changes anything.
    public Task InitializeAsync() => _checkpoint.StartAsync();

    public async Task DisposeAsync()
    {
        await _checkpoint.SettleAsync();
        await _ami.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_now_over_the_API_lets_a_phone_register_and_an_unchanged_deploy_writes_nothing_and_reloads_nothing()
    {
        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var created = await ApiClient.JsonAsync(await platform.PostAsync("/api/v1/organizations", new
        {
            name = "Calls " + Guid.NewGuid().ToString("N")[..8],
            industry = "general",
            owner = new { name = "Olive Owner", email = $"owner-{Guid.NewGuid():N}@example.test" },
        }));
        using var api = ApiClient.Basic(app, (string)created["api_key"]!, (string)created["api_secret"]!);
        var user = await api.PostAsync("/api/v1/users", new
        {
            name = "Desk", email = $"desk-{Guid.NewGuid():N}@example.test", role = "pbx_user", extension = "100", password = "Member-password-1",
        });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);

        var first = await DeployNowAsync(api);
        Assert.Equal("succeeded", (string)first["status"]!);
        Assert.False((bool)first["reload_skipped"]!);
        _checkpoint.NoErrors();
        var organizationId = Guid.Parse((string)created["organization"]!["id"]!);
        var phone = await CredentialsAsync(organizationId, "100");
        (await RegisterAsync(phone)).ShouldEndWith(200);

        await app.DeployedAsync(_checkpoint.Since);
        var fullLog = asterisk.FullLogPosition();
        var again = await DeployNowAsync(api);

        Assert.Equal("succeeded", (string)again["status"]!);
        Assert.Empty(again["files_written"]!.AsArray());
        Assert.Empty(again["files_deleted"]!.AsArray());
        Assert.Empty(again["modules_reloaded"]!.AsArray());
        Assert.DoesNotContain("Reloading module", asterisk.FullLogSince(fullLog));
    }

    [Fact]
    public async Task An_active_members_phone_registers_and_once_the_member_is_inactive_it_is_refused()
    {
        var org = await PbxTestKit.NewAsync(app);
        var member = await app.AddMemberAsync(org.OrganizationId, "pbx_user", extension: "101");
        var phone = await CredentialsAsync(org.OrganizationId, "101");
        await _checkpoint.DeployedAsync();
        (await RegisterAsync(phone)).ShouldEndWith(200);

        await org.Service<MemberService, Membership>(s => s.UpdateAsync(org.Owner, member.Id, new MemberUpdate { Status = "inactive" }));
        await _checkpoint.DeployedAsync();

        (await RegisterAsync(phone)).ShouldEndWith(401);
        Assert.DoesNotContain(phone.Username, await new AsteriskInspector(_ami).EndpointsAsync());
    }

    [Fact]
    public async Task Extensions_of_one_organization_call_each_other()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var b = Phone.Of(await org.ExtensionAsync("101"));
        await _checkpoint.DeployedAsync();
        await using var ringing = await RingingPhoneAsync(b);

        var call = await CallAsync(a, "101");

        call.ShouldEndWith(200);
        var answered = await ringing.WaitAsync();
        answered.ShouldHaveAnsweredOneCall();
        Assert.Equal((b.Username, "100"), answered.Invites[0]);
    }

    [Fact]
    public async Task Another_organizations_extension_number_and_SIP_username_are_not_found()
    {
        var mine = await PbxTestKit.NewAsync(app);
        var theirs = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await mine.ExtensionAsync("100"));
        var their = Phone.Of(await theirs.ExtensionAsync("201"));
        await _checkpoint.DeployedAsync();
        await using var theirPhone = await RingingPhoneAsync(their);

        var byNumber = await CallAsync(a, "201");
        var byUsername = await CallAsync(a, their.Username);

        byNumber.ShouldEndWith(404);
        byUsername.ShouldEndWith(404);
    }

    [Fact]
    public async Task Over_the_concurrent_call_limit_a_call_gets_503_while_the_others_stay_up_and_an_emergency_call_still_reaches_the_trunk()
    {
        var org = await PbxTestKit.NewAsync(app, s => s.ConcurrentCalls = 2);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var b = Phone.Of(await org.ExtensionAsync("101"));
        var c = Phone.Of(await org.ExtensionAsync("102"));
        var carrier = await CarrierAsync(org);
        var callerId = await EmergencyNumberAsync(org, carrier.Trunk);
        await _checkpoint.DeployedAsync();
        // The answering phones wait past the two held calls.
        await using var ringingB = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, b, timeout: TimeSpan.FromSeconds(60));
        await using var ringingC = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, c, timeout: TimeSpan.FromSeconds(60));

        // The two calls hold 30 s: long enough for the third call and the emergency call to be placed while both are up, even on a loaded machine.
        await using var first = asterisk.Sipp.StartCall(asterisk, "101", from: a.Username, a, hold: TimeSpan.FromSeconds(30));
        await CallsUpAsync(org.Key, 1);
        await using var second = asterisk.Sipp.StartCall(asterisk, "102", from: a.Username, a, hold: TimeSpan.FromSeconds(30));
        await CallsUpAsync(org.Key, 2);
        var third = await CallAsync(a, "101");
        SippResult emergency, atCarrier;
        await using (var carrierAnswers = asterisk.Sipp.Answer(carrier.Address, carrier.Port))
        {
            emergency = await CallAsync(a, "112");
            atCarrier = await carrierAnswers.WaitAsync();
        }

        third.ShouldEndWith(503);
        emergency.ShouldEndWith(200);
        atCarrier.ShouldHaveAnsweredOneCall();
        Assert.Equal(("112", callerId), atCarrier.Invites[0]);
        (await first.WaitAsync()).ShouldEndWith(200);
        (await second.WaitAsync()).ShouldEndWith(200);
        (await ringingB.WaitAsync()).ShouldHaveAnsweredOneCall();
        (await ringingC.WaitAsync()).ShouldHaveAnsweredOneCall();
    }

    [Fact]
    public async Task A_suspended_organizations_calls_get_403_but_its_emergency_number_reaches_the_trunk()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var b = Phone.Of(await org.ExtensionAsync("101"));
        var carrier = await CarrierAsync(org);
        var callerId = await EmergencyNumberAsync(org, carrier.Trunk);
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().SuspendAsync(admin, org.OrganizationId));
        await _checkpoint.DeployedAsync();
        await using var ringing = await RingingPhoneAsync(b);

        var call = await CallAsync(a, "101");
        SippResult emergency, atCarrier;
        await using (var carrierAnswers = asterisk.Sipp.Answer(carrier.Address, carrier.Port))
        {
            emergency = await CallAsync(a, "112");
            atCarrier = await carrierAnswers.WaitAsync();
        }

        call.ShouldEndWith(403);
        emergency.ShouldEndWith(200);
        atCarrier.ShouldHaveAnsweredOneCall();
        Assert.Equal(("112", callerId), atCarrier.Invites[0]);
    }

    [Fact]
    public async Task A_ring_group_and_a_queue_are_answered_by_a_member()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var b = await org.ExtensionAsync("101");
        var absent = await org.ExtensionAsync("102");
        await org.Service<RingGroupService, RingGroup>(s => s.CreateAsync(org.Owner,
            new RingGroupInput { Number = "600", Name = "Front desk", Strategy = "simultaneous", MemberIds = [b.ExtensionId, absent.ExtensionId] }));
        await org.Service<QueueService, Queue>(s => s.CreateAsync(org.Owner,
            new QueueInput { Number = "700", Name = "Support", Strategy = "ringall", MemberIds = [b.ExtensionId] }));
        await _checkpoint.DeployedAsync();

        await using (var ringing = await RingingPhoneAsync(Phone.Of(b)))
        {
            (await CallAsync(a, "600")).ShouldEndWith(200);
            (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
        }
        await using (var ringing = await RingingPhoneAsync(Phone.Of(b)))
        {
            (await CallAsync(a, "700")).ShouldEndWith(200);
            (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
        }
    }

    [Fact]
    public async Task A_number_on_the_organizations_trunk_reaches_its_destination_and_another_organizations_number_is_refused_there()
    {
        var org = await PbxTestKit.NewAsync(app);
        var desk = await org.ExtensionAsync("100");
        var carrier = await CarrierAsync(org);
        var number = PbxTestKit.NewNumber();
        await org.DidAsync(number, carrier.Trunk.Id, new DestinationInput("extension", desk.ExtensionId));
        var other = await PbxTestKit.NewAsync(app);
        var otherDesk = await other.ExtensionAsync("100");
        var otherCarrier = await CarrierAsync(other);
        var otherNumber = PbxTestKit.NewNumber();
        await other.DidAsync(otherNumber, otherCarrier.Trunk.Id, new DestinationInput("extension", otherDesk.ExtensionId));
        await _checkpoint.DeployedAsync();
        await using var ringing = await RingingPhoneAsync(Phone.Of(desk));

        var inbound = await asterisk.Sipp.CallAsync(asterisk, number, from: "4930999", address: carrier.Address);
        var foreign = await asterisk.Sipp.CallAsync(asterisk, otherNumber, from: "4930999", address: carrier.Address);

        inbound.ShouldEndWith(200);
        var answered = await ringing.WaitAsync();
        answered.ShouldHaveAnsweredOneCall();
        Assert.Equal((desk.Username, "4930999"), answered.Invites[0]);
        foreign.ShouldEndWith(404);
    }

    [Fact]
    public async Task A_number_on_a_shared_trunk_reaches_the_organization_holding_it_and_after_a_move_the_new_holder()
    {
        var a = await PbxTestKit.NewAsync(app);
        var b = await PbxTestKit.NewAsync(app);
        var deskA = await a.ExtensionAsync("100");
        var deskB = await b.ExtensionAsync("200");
        var admin = await app.AdminActorAsync();
        var address = app.NewCarrierAddress();
        var trunk = await app.WithScopeAsync(sp => sp.GetRequiredService<TrunkService>().CreateSharedAsync(admin,
            new TrunkInput { Name = "Shared " + address, Host = address, Port = Ports.FreeUdp(address), Transport = "udp" }));
        var number = PbxTestKit.NewNumber();
        var did = await app.WithScopeAsync(async sp =>
        {
            var inventory = sp.GetRequiredService<NumberInventory>();
            return await inventory.AssignAsync(admin, (await inventory.AddAsync(admin, number, trunk.Id)).Id, a.OrganizationId);
        });
        await a.Service<DidService, Did>(s => s.UpdateAsync(a.Owner, did.Id,
            new DidRouting { TrunkId = trunk.Id, Destination = new DestinationInput("extension", deskA.ExtensionId) }));
        await _checkpoint.DeployedAsync();

        await using (var ringing = await RingingPhoneAsync(Phone.Of(deskA)))
        {
            // Carriers send numbers with or without "+": this one without.
            (await asterisk.Sipp.CallAsync(asterisk, number[1..], from: "4930777", address: address)).ShouldEndWith(200);
            (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
        }

        _checkpoint.Mark();
        await app.WithScopeAsync(sp => sp.GetRequiredService<NumberInventory>().AssignAsync(admin, did.Id, b.OrganizationId));
        await b.Service<DidService, Did>(s => s.UpdateAsync(b.Owner, did.Id,
            new DidRouting { TrunkId = trunk.Id, Destination = new DestinationInput("extension", deskB.ExtensionId) }));
        await _checkpoint.DeployedAsync();

        await using (var ringing = await RingingPhoneAsync(Phone.Of(deskB)))
        {
            (await asterisk.Sipp.CallAsync(asterisk, number, from: "4930777", address: address)).ShouldEndWith(200);
            (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
        }
    }

    [Fact]
    public async Task An_outbound_call_reaches_the_trunk_with_strip_and_prepend_applied_and_the_routes_caller_ID()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var carrier = await CarrierAsync(org);
        var number = PbxTestKit.NewNumber();
        var did = await org.DidAsync(number, carrier.Trunk.Id);
        await org.Service<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(org.Owner, new OutboundRouteInput
        {
            Name = "International",
            Patterns = [new DialPatternInput("_9X.", Strip: 1, Prepend: "00")],
            TrunkIds = [carrier.Trunk.Id],
            CallerIdDidId = did.Id,
        }));
        await _checkpoint.DeployedAsync();

        SippResult call, atCarrier;
        await using (var carrierAnswers = asterisk.Sipp.Answer(carrier.Address, carrier.Port))
        {
            call = await CallAsync(a, "94930123456");
            atCarrier = await carrierAnswers.WaitAsync();
        }

        call.ShouldEndWith(200);
        atCarrier.ShouldHaveAnsweredOneCall();
        Assert.Equal(("004930123456", number), atCarrier.Invites[0]);
    }

    /// <summary>"Deploy now" over the API (202), then the deploy followed until it ends.</summary>
    private async Task<JsonObject> DeployNowAsync(ApiClient api)
    {
        var accepted = await api.PostAsync("/api/v1/config/deploy");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var deploy = await ApiClient.JsonAsync(await api.GetAsync(location));
            if ((string)deploy["status"]! is "succeeded" or "failed") return deploy;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Deploy {location} still {deploy["status"]}.");
            await Task.Delay(100);
        }
    }

    private Task<Phone> CredentialsAsync(Guid organizationId, string number) => app.InOrganizationAsync(organizationId, async sp =>
    {
        var extensions = sp.GetRequiredService<ExtensionService>();
        var row = (await extensions.ListAsync()).Single(x => x.Number == number);
        return Phone.Of(await extensions.RevealAsync(await app.AdminActorAsync(), row.Id));
    });

    private Task<SippResult> RegisterAsync(Phone phone) => asterisk.Sipp.RegisterAsync(asterisk, phone, Ports.FreeUdp());

    private Task<SippResult> CallAsync(Phone from, string dialled) => asterisk.Sipp.CallAsync(asterisk, dialled, from: from.Username, from);

    /// <summary>A phone registered and waiting for one call.</summary>
    private Task<SippProcess> RingingPhoneAsync(Phone phone) => asterisk.Sipp.RegisteredPhoneAsync(asterisk, phone);

    /// <summary>A trunk of the organization to a carrier on a loopback address of its own (PJSIP tells trunks apart by address).</summary>
    private async Task<(Trunk Trunk, string Address, int Port)> CarrierAsync(PbxTestKit org)
    {
        var address = app.NewCarrierAddress();
        var port = Ports.FreeUdp(address);
        var trunk = await org.Service<TrunkService, Trunk>(s => s.CreateAsync(org.Owner,
            new TrunkInput { Name = "Carrier " + address, Host = address, Port = port, Transport = "udp" }));
        return (trunk, address, port);
    }

    /// <summary>Emergency number 112 over <paramref name="trunk"/>, showing one of the organization's numbers; returns that number.</summary>
    private static async Task<string> EmergencyNumberAsync(PbxTestKit org, Trunk trunk)
    {
        var number = PbxTestKit.NewNumber();
        var did = await org.DidAsync(number, trunk.Id);
        await org.Service<EmergencyNumberService, EmergencyNumber>(s => s.CreateAsync(org.Owner,
            new EmergencyNumberInput { Number = "112", CallerIdDidId = did.Id, TrunkIds = [trunk.Id] }));
        return number;
    }

    /// <summary>Waits until the organization has <paramref name="calls"/> calls up (two channels each, both carrying its account code).</summary>
    private async Task CallsUpAsync(string accountCode, int calls)
    {
        var inspector = new AsteriskInspector(_ami);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await inspector.ChannelsAsync()).Count(c => c.AccountCode == accountCode && c.State == "Up") < 2 * calls)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{calls} calls of {accountCode} did not come up.\nSIPp:\n{asterisk.Sipp.Recent()}\n{asterisk.LogTail()}");
            await Task.Delay(200);
        }
    }
}
