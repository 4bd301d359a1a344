using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Deploys an operator can trust, against the collection's real Asterisk 22 with real calls:
/// <code>
/// Promise                                                  Scenario                                                     Outcome
/// -------------------------------------------------------  -----------------------------------------------------------  ---------------------------------------
/// A deploy Asterisk refuses is rolled back by itself        a test-only hook gives new phone 102 "dtmf_mode =             rolled back, Asterisk's ERROR recorded;
///                                                           smoke_signals" (its endpoint is not created)                  100 calls 101: 200
/// Rollback by hand brings back a working dial plan          extension 101 deleted (100 → 101: 404), roll back            100 calls 101: 200; auto-deploy paused
/// Asterisk away: the deploy waits and completes             Asterisk stopped, a save, Asterisk started again              waiting for Asterisk, then succeeded once
/// app_queue is reloaded only when queue files change        a new extension; then a new queue                             no app_queue.so; then app_queue.so
/// </code>
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class DeployTrustScenarios(AsteriskServer asterisk, AsteriskApp app) : IAsyncLifetime
{
    private readonly ScenarioCheckpoint _checkpoint = new(asterisk, app);

    public Task InitializeAsync() => _checkpoint.StartAsync();

    public async Task DisposeAsync()
    {
        app.Tamper.Change = null;
        await _checkpoint.SettleAsync();
    }

    [Fact]
    public async Task A_deploy_Asterisk_refuses_is_rolled_back_by_itself_and_the_organizations_phones_keep_calling()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var b = Phone.Of(await org.ExtensionAsync("101"));
        await app.DeployedAsync(DateTimeOffset.MinValue);
        var since = DateTimeOffset.UtcNow;
        Deploy refused;
        string refusedPhone;
        // The next deploy renders the new phone 102 with an option value Asterisk rejects: its endpoint is not created.
        string? newPhone = null;
        app.Tamper.Change = config => new RenderedConfig(config.Files.Select(f => f.RelativePath == $"orgs/{org.Key}/pjsip.conf" && Volatile.Read(ref newPhone) is { } name
            ? f with { Content = WithRefusedOption(f.Content, name) }
            : f).ToList());
        try
        {
            await org.InAsync(async sp =>
            {
                // The extension and its credentials in one transaction: the deploy it queues starts after the commit.
                var db = sp.GetRequiredService<OpbxDb>();
                await using var tx = await db.BeginWriteAsync();
                var created = await sp.GetRequiredService<ExtensionService>().CreateAsync(org.Owner, new ExtensionInput { Number = "102", Name = "Refused" });
                Volatile.Write(ref newPhone, created.Username);
                await tx.CommitAsync();
                return created;
            });
            refused = (await app.SettledDeploysAsync(since)).Single(d => d.OrganizationId == org.OrganizationId);
            app.ExpectedFailures[refused.Id] = true;
            refusedPhone = newPhone!;
        }
        finally
        {
            app.Tamper.Change = null;
        }

        Assert.Equal(DeployStatus.RolledBack, refused.Status);
        Assert.Contains($"endpoint {refusedPhone}", refused.Failure);
        Assert.Contains("previous configuration was restored", refused.Failure);
        Assert.Contains("smoke_signals", refused.AsteriskErrors);
        Assert.Contains("res_pjsip.so", refused.Reloaded);
        Assert.DoesNotContain("smoke_signals", File.ReadAllText(Path.Combine(asterisk.AppConfigDirectory, "orgs", org.Key, "pjsip.conf")));
        var endpoints = await new AsteriskInspector(Ami()).EndpointsAsync();
        Assert.Contains(b.Username, endpoints);
        Assert.DoesNotContain(refusedPhone, File.ReadAllText(Path.Combine(asterisk.AppConfigDirectory, "orgs", org.Key, "pjsip.conf")));
        // The refused file set is kept for its diff: what was attempted.
        var diff = await org.Service<DeployService, IReadOnlyList<FileDiff>?>(s => s.DiffAsync(refused));
        Assert.Contains(diff!, f => f.Unified.Contains("+dtmf_mode = smoke_signals"));

        await using var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, b);
        var call = await asterisk.Sipp.CallAsync(asterisk, "101", from: a.Username, a);
        call.ShouldEndWith(200);
        (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
    }

    [Fact]
    public async Task Rollback_by_hand_restores_a_dial_plan_a_later_deploy_broke_and_the_call_connects_again()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var bAccount = await org.ExtensionAsync("101");
        var b = Phone.Of(bAccount);
        var working = (await app.DeployedAsync(DateTimeOffset.MinValue)).Last(d => d.OrganizationId == org.OrganizationId);
        var since = DateTimeOffset.UtcNow;
        await org.Service<ExtensionService, ExtensionUsage>(s => s.DeleteAsync(org.Owner, bAccount.ExtensionId));
        await app.DeployedAsync(since);
        (await asterisk.Sipp.CallAsync(asterisk, "101", from: a.Username, a)).ShouldEndWith(404);

        since = DateTimeOffset.UtcNow;
        var rollback = await org.Service<DeployService, Deploy>(s => s.RollbackAsync(org.Owner, working.Id));
        var done = (await app.DeployedAsync(since)).Single(d => d.Id == rollback.Id);

        Assert.Equal(DeployTrigger.Rollback, done.Trigger);
        Assert.Contains("res_pjsip.so", done.Reloaded);
        Assert.Contains("pbx_config.so", done.Reloaded);
        await using (var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, b))
        {
            (await asterisk.Sipp.CallAsync(asterisk, "101", from: a.Username, a)).ShouldEndWith(200);
            (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
        }
        Assert.NotNull((await org.Service<DeployService, DeployState>(s => s.StateAsync())).PausedAt);
    }

    [Fact]
    public async Task With_Asterisk_away_a_deploy_waits_and_once_Asterisk_is_back_the_newest_state_is_deployed_once()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        await app.DeployedAsync(DateTimeOffset.MinValue);
        var since = DateTimeOffset.UtcNow;
        Deploy waiting;
        Opbx.Domain.Pbx.SipAccount b, c;
        await asterisk.StopForAWhileAsync();
        try
        {
            b = await org.ExtensionAsync("101");
            waiting = await EventuallyAsync(() => DeployOfAsync(org.OrganizationId, since), d => d is { Status: DeployStatus.WaitingForAsterisk }, TimeSpan.FromSeconds(60));
            Assert.Contains("could not be reached", waiting.Failure);
            c = await org.ExtensionAsync("102"); // joins the waiting deploy
        }
        finally
        {
            await asterisk.StartAgainAsync();
        }

        var deploys = (await app.DeployedAsync(since, TimeSpan.FromSeconds(90))).Where(d => d.OrganizationId == org.OrganizationId).ToList();

        var deploy = Assert.Single(deploys);
        Assert.Equal(waiting.Id, deploy.Id);
        Assert.Equal(2, deploy.Requests);
        Assert.True(deploy.Attempts >= 1);
        var endpoints = await new AsteriskInspector(Ami()).EndpointsAsync();
        Assert.Contains(b.Username, endpoints);
        Assert.Contains(c.Username, endpoints);
        await using var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, Phone.Of(c));
        (await asterisk.Sipp.CallAsync(asterisk, "102", from: a.Username, a)).ShouldEndWith(200);
    }

    [Fact]
    public async Task App_queue_is_reloaded_only_when_queue_files_changed()
    {
        var org = await PbxTestKit.NewAsync(app);
        var member = await org.ExtensionAsync("100");
        await app.DeployedAsync(DateTimeOffset.MinValue);

        var since = DateTimeOffset.UtcNow;
        await org.ExtensionAsync("101");
        var extension = (await app.DeployedAsync(since)).Single(d => d.OrganizationId == org.OrganizationId);
        since = DateTimeOffset.UtcNow;
        await org.Service<QueueService, Queue>(s => s.CreateAsync(org.Owner, new QueueInput { Number = "700", Name = "Support", Strategy = "ringall", MemberIds = [member.ExtensionId] }));
        var queue = (await app.DeployedAsync(since)).Single(d => d.OrganizationId == org.OrganizationId);

        Assert.Contains("res_pjsip.so", extension.Reloaded);
        Assert.DoesNotContain("app_queue.so", extension.Reloaded);
        Assert.DoesNotContain(extension.Written, f => f.EndsWith("queues.conf", StringComparison.Ordinal));
        Assert.Contains("app_queue.so", queue.Reloaded);
        Assert.Contains(queue.Written, f => f.EndsWith("queues.conf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploys_of_organizations_saved_at_the_same_moment_share_one_reload_per_module()
    {
        var orgs = new List<PbxTestKit>();
        for (var i = 0; i < 5; i++) orgs.Add(await PbxTestKit.NewAsync(app));
        await app.DeployedAsync(DateTimeOffset.MinValue);
        var reloader = app.Services.GetRequiredService<AsteriskReloader>();
        var before = reloader.Reloads(AsteriskModule.Pjsip);

        // "The same moment" made certain: a deploy holds Asterisk (its render waits for the gate) while the five saves are
        // made, one after another as SQLite's writers queue, and their deploys are claimed and wait their turn. Without
        // the hold, a loaded machine can finish each deploy before the next save commits, and then nothing is shared.
        var gate = new TaskCompletionSource();
        var holding = app.Services.GetRequiredService<AsteriskDeployer>().DeployAsync(async _ => { await gate.Task; return null; });
        var since = DateTimeOffset.UtcNow;
        var phones = await Task.WhenAll(orgs.Select(o => o.ExtensionAsync("100")));
        await EventuallyAsync(async () =>
        {
            var claimed = 0;
            foreach (var o in orgs) if ((await DeployOfAsync(o.OrganizationId, since))?.Status == DeployStatus.Running) claimed++;
            return (int?)claimed;
        }, n => n == orgs.Count, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // from its claim to its place in the deployer's queue: no database, no Asterisk
        gate.SetResult();
        Assert.Null(await holding);
        var deploys = (await app.DeployedAsync(since)).Where(d => orgs.Any(o => o.OrganizationId == d.OrganizationId)).ToList();

        Assert.Equal(5, deploys.Count);
        var reloads = reloader.Reloads(AsteriskModule.Pjsip) - before;
        Assert.True(reloads == 1, $"{reloads} PJSIP reloads for 5 deploys: " + string.Join(" | ", deploys.Select(d => d.Summary)));
        Assert.Contains(deploys, d => d.Summary!.Contains("deploys that came together", StringComparison.Ordinal));
        await using var ami = Ami();
        var endpoints = await new AsteriskInspector(ami).EndpointsAsync();
        Assert.All(phones, p => Assert.Contains(p.Username, endpoints));
    }

    /// <summary>The first section of <paramref name="name"/> (its endpoint) with an option value Asterisk refuses.</summary>
    private static string WithRefusedOption(string pjsip, string name)
    {
        var section = pjsip.IndexOf($"[{name}](", StringComparison.Ordinal);
        Assert.True(section >= 0, $"No section {name} in the rendered pjsip.conf.");
        var line = pjsip.IndexOf('\n', section) + 1;
        return pjsip[..line] + "dtmf_mode = smoke_signals\n" + pjsip[line..];
    }

    private Opbx.Asterisk.Ami.AmiClient Ami() => new(asterisk.Ami, Microsoft.Extensions.Logging.Abstractions.NullLogger<Opbx.Asterisk.Ami.AmiClient>.Instance, TimeProvider.System);

    private Task<Deploy?> DeployOfAsync(Guid organizationId, DateTimeOffset since) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await sp.GetRequiredService<OpbxDb>().Deploys.AsNoTracking().Where(d => d.OrganizationId == organizationId && d.QueuedAt >= since)
            .OrderBy(d => d.QueuedAt).FirstOrDefaultAsync();
    });

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, Func<T?, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value)) return value!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still not there: {value}");
            await Task.Delay(200);
        }
    }
}
