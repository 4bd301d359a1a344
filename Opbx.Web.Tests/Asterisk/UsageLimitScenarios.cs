using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Usage;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Hard usage limits, proved with real calls. The month's usage is call records the way ingestion leaves them (rows inserted here);
/// turning the hard limit on (the Settings/API service) sets the block, whose save deploys; the limit raised by a platform manager
/// deploys again.
/// <code>
/// Limit reached (hard)                 Call                                     Result
/// -----------------------------------  ---------------------------------------  ------------------------------------------------
/// monthly_minutes, over                100 dials 9 + number                     the announcement plays, 403; the carrier gets no INVITE
/// monthly_minutes, over                100 calls 101                            200, 101 answers
/// monthly_minutes raised (deploy)      100 dials 9 + number                     200 at the carrier
/// storage_gb, over                     100 calls 101, recording on              answered, no recording file
/// storage_gb raised (deploy)           100 calls 101                            answered, one recording file
/// </code>
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class UsageLimitScenarios(AsteriskServer asterisk, AsteriskApp app) : IAsyncLifetime
{
    private readonly ScenarioCheckpoint _checkpoint = new(asterisk, app);

    public Task InitializeAsync() => _checkpoint.StartAsync();

    public Task DisposeAsync() => _checkpoint.SettleAsync();

    [Fact]
    public async Task Over_a_hard_minutes_limit_outbound_calls_are_refused_with_the_announcement_internal_calls_connect_and_a_raised_limit_lets_them_out()
    {
        var org = await PbxTestKit.NewAsync(app, s => s.MonthlyMinutes = 1);
        var (a, b) = await Phone.CallerAndCalleeAsync(org);
        var address = app.NewCarrierAddress();
        var port = Ports.FreeUdp(address);
        var trunk = await org.Service<TrunkService, Trunk>(s => s.CreateAsync(org.Owner,
            new TrunkInput { Name = "Carrier " + address, Host = address, Port = port, Transport = "udp" }));
        await org.Service<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(org.Owner, new OutboundRouteInput
        {
            Name = "Everywhere", Patterns = [new DialPatternInput("_9X.", Strip: 1)], TrunkIds = [trunk.Id],
        }));
        await _checkpoint.DeployedAsync();

        // Three billed minutes this month against a limit of one; the owner makes it a hard limit.
        await AddCallAsync(org, billSeconds: 150, recordingBytes: 0);
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().TallyAsync());
        await org.Service<OrganizationProfile, Organization>(p => p.UpdateUsageAsync(org.Owner, null, true, null));
        Assert.True(await BlockedAsync(org, o => o.OutboundBlocked));
        await _checkpoint.DeployedAsync();

        var full = asterisk.FullLogPosition();
        SippResult refused, atCarrier;
        await using (var carrier = asterisk.Sipp.Answer(address, port, TimeSpan.FromSeconds(15)))
        {
            refused = await asterisk.Sipp.CallAsync(asterisk, "94930123456", from: a.Username, a);
            atCarrier = await carrier.WaitAsync();
        }
        refused.ShouldEndWith(403);
        Assert.Empty(atCarrier.Invites);
        var played = $"Playing '{app.Asterisk.AppConfigDirectory}/sounds/{AsteriskSounds.LimitReached}.";
        Assert.True(asterisk.FullLogSince(full).Contains(played, StringComparison.Ordinal), "The limit announcement was not played:\n" + asterisk.LogTail());

        await using (var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, b))
        {
            (await asterisk.Sipp.CallAsync(asterisk, "101", from: a.Username, a)).ShouldEndWith(200);
            (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
        }

        // A platform manager raises the limit: the save unblocks and deploys; the same call reaches the carrier.
        await RaiseAsync(org, s => s.MonthlyMinutes = 1_000);
        Assert.False(await BlockedAsync(org, o => o.OutboundBlocked));
        await _checkpoint.DeployedAsync();
        SippResult call;
        await using (var carrier = asterisk.Sipp.Answer(address, port))
        {
            call = await asterisk.Sipp.CallAsync(asterisk, "94930123456", from: a.Username, a);
            atCarrier = await carrier.WaitAsync();
        }
        call.ShouldEndWith(200);
        atCarrier.ShouldHaveAnsweredOneCall();
        Assert.Equal("4930123456", atCarrier.Invites[0].To);
    }

    [Fact]
    public async Task Over_a_hard_storage_limit_a_call_makes_no_recording_and_after_the_limit_is_raised_it_does()
    {
        var org = await PbxTestKit.NewAsync(app, s =>
        {
            s.StorageGb = 1;
            s.RecordingEnabled = true;
            s.CallRecording = true;
            s.RecordingConsentMode = RecordingConsentMode.None;
        });
        var (a, b) = await Phone.CallerAndCalleeAsync(org);
        await _checkpoint.DeployedAsync();

        // 1.5 GB of recordings against 1 GB; the owner makes storage a hard limit.
        await AddCallAsync(org, billSeconds: 30, recordingBytes: 1_500_000_000);
        await org.Service<OrganizationProfile, Organization>(p => p.UpdateUsageAsync(org.Owner, null, null, true));
        Assert.True(await BlockedAsync(org, o => o.RecordingBlocked));
        await _checkpoint.DeployedAsync();

        var before = Files(org);
        await TalkAsync(a, b);
        // MixMonitor writes as the call goes; the call is over, so a recording would be there by now. Give a loaded machine a moment.
        await Task.Delay(1000);
        Assert.Equal(before, Files(org));

        await RaiseAsync(org, s => s.StorageGb = 10);
        Assert.False(await BlockedAsync(org, o => o.RecordingBlocked));
        await _checkpoint.DeployedAsync();
        await TalkAsync(a, b);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Files(org).Except(before).Count() != 1)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Expected one new recording in {org.RecordingsFolder}.\n{asterisk.LogTail()}");
            await Task.Delay(200);
        }
    }

    private Task AddCallAsync(PbxTestKit org, int billSeconds, long recordingBytes) => org.InAsync(async sp =>
    {
        var db = sp.GetRequiredService<OpbxDb>();
        var now = DateTimeOffset.UtcNow;
        db.CallRecords.Add(new CallRecord
        {
            OrganizationId = org.OrganizationId, UniqueId = $"{now.ToUnixTimeSeconds()}.{Random.Shared.Next(100_000, 999_999)}", LinkedId = "usage-limit",
            StartedAt = now.AddMinutes(-10), BillSeconds = billSeconds, DurationSeconds = billSeconds, Direction = CallDirection.Outbound,
            Source = "100", Destination = "4930123456", RecordingFile = recordingBytes > 0 ? "earlier.wav" : null, RecordingBytes = recordingBytes,
        });
        return await db.SaveChangesAsync();
    });

    private Task<bool> BlockedAsync(PbxTestKit org, Func<Organization, bool> flag) => org.InAsync(async sp =>
        flag(await sp.GetRequiredService<OpbxDb>().Organizations.AsNoTracking().SingleAsync(o => o.Id == org.OrganizationId)));

    /// <summary>A platform manager edits the organization's limits (the same save as the organization's edit page).</summary>
    private async Task RaiseAsync(PbxTestKit org, Action<OrganizationSettings> change)
    {
        var admin = await app.AdminActorAsync();
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var settings = OrganizationSettings.From(await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == org.OrganizationId));
            change(settings);
            return await sp.GetRequiredService<OrganizationService>().UpdateAsync(admin, org.OrganizationId, settings);
        });
    }

    /// <summary>A talks to B (which answers) for 4 s.</summary>
    private async Task TalkAsync(Phone a, Phone b)
    {
        await asterisk.Sipp.TalkAnsweredAsync(asterisk, a, "101", b, TimeSpan.FromSeconds(4));
        _checkpoint.NoErrors();
    }

    private static List<string> Files(PbxTestKit org) =>
        Directory.Exists(org.RecordingsFolder) ? Directory.GetFiles(org.RecordingsFolder).Order().ToList() : [];
}
