using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;
using Opbx.Domain.Usage;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Usage;

/// <summary>Monthly minutes from billsec, alerts at thresholds once per month (real SMTP: MailDev), hard limits that block and queue a deploy.</summary>
[Collection(AppCollection.Name)]
public sealed class UsageTests(OpbxApp app)
{
    private static DateTimeOffset MonthStart => new(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private Task AddCallsAsync(Guid organizationId, DateTimeOffset startedAt, params int[] billSeconds) => app.InOrganizationAsync(organizationId, async sp =>
    {
        var db = sp.GetRequiredService<OpbxDb>();
        foreach (var seconds in billSeconds)
        {
            db.CallRecords.Add(new CallRecord
            {
                OrganizationId = organizationId, UniqueId = $"use-{Guid.NewGuid():N}", LinkedId = "use", StartedAt = startedAt, BillSeconds = seconds,
                DurationSeconds = seconds, Source = "201", Destination = "5551234",
            });
        }
        await db.SaveChangesAsync();
    });

    /// <summary>
    /// The organization's deploys queued since <paramref name="since"/>, once none of its own is pending (other tests' deploys in the
    /// shared app are not waited for).
    /// </summary>
    private async Task<List<Opbx.Domain.Pbx.Deploy>> OwnDeploysAsync(Guid organizationId, DateTimeOffset since)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var deploys = await ReadAsync(db => db.Deploys.AsNoTracking().Where(d => d.OrganizationId == organizationId).ToListAsync());
            var pending = deploys.Any(d => d.Status is Opbx.Domain.Pbx.DeployStatus.Queued or Opbx.Domain.Pbx.DeployStatus.Running or Opbx.Domain.Pbx.DeployStatus.WaitingForAsterisk);
            if (!pending) return deploys.Where(d => d.QueuedAt >= since).ToList();
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The organization's deploys are still queued or running.");
            await Task.Delay(100);
        }
    }

    private Task TallyAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().TallyAsync());

    /// <summary>
    /// The usage job's check of every organization, as it runs every five minutes: a write transaction only for an organization
    /// with something to change, so each test here also proves that <paramref name="organizationId"/> was not passed over.
    /// </summary>
    private Task CheckAsync(Guid organizationId) => app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().CheckAsync());

    private Task<T> ReadAsync<T>(Func<OpbxDb, Task<T>> read) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await read(sp.GetRequiredService<OpbxDb>());
    });

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(3600, 60)]
    public void EachCallIsBilledUpToTheNextWholeMinute(int billSeconds, long minutes) => Assert.Equal(minutes, UsageService.BilledMinutes(billSeconds));

    [Fact]
    public async Task MinutesAreKeptPerMonthAndCountedOnce()
    {
        var org = await app.CreateOrganizationAsync();
        var lastMonth = MonthStart.AddDays(-3);
        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(1), 61, 30, 0);
        await AddCallsAsync(org.Organization.Id, lastMonth, 120);

        await TallyAsync();
        await TallyAsync();

        var rows = await ReadAsync(db => db.MonthlyUsage.Where(u => u.OrganizationId == org.Organization.Id).OrderBy(u => u.Month).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal((UsageService.MonthOf(lastMonth), 1, 120L, 2L), (rows[0].Month, rows[0].Calls, rows[0].BillSeconds, rows[0].Minutes));
        Assert.Equal((UsageService.MonthOf(MonthStart), 3, 91L, 3L), (rows[1].Month, rows[1].Calls, rows[1].BillSeconds, rows[1].Minutes));

        // The history stays when retention deletes the records it came from.
        await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().CallRecords.ExecuteDeleteAsync());
        await TallyAsync();
        Assert.Equal(2, await ReadAsync(db => db.MonthlyUsage.CountAsync(u => u.OrganizationId == org.Organization.Id)));
    }

    [Fact]
    public async Task OwnersAreEmailedOncePerThresholdPerMonth()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MonthlyMinutes = 10);
        var owner = org.Owner.Email!;
        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(2), 60, 60, 60, 60, 60, 60, 60); // 7 minutes: 70 %
        await TallyAsync();
        await CheckAsync(org.Organization.Id);
        Assert.Equal(0, await ReadAsync(db => db.UsageAlerts.CountAsync(a => a.OrganizationId == org.Organization.Id)));

        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(3), 45); // 8 minutes: 80 %
        await TallyAsync();
        await CheckAsync(org.Organization.Id);
        await CheckAsync(org.Organization.Id);

        var mail = await app.Mail.WaitForAsync(owner, "at 80 % of the limit");
        Assert.Contains("8 minutes", mail.Html);
        Assert.Contains("advisory", mail.Html);
        var alerts = await ReadAsync(db => db.UsageAlerts.Where(a => a.OrganizationId == org.Organization.Id).ToListAsync());
        Assert.Equal((UsageMetric.MonthlyMinutes, 80), (Assert.Single(alerts).Metric, alerts[0].Threshold));

        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(4), 120, 60); // 11 minutes: 110 %
        await TallyAsync();
        await CheckAsync(org.Organization.Id);
        await CheckAsync(org.Organization.Id);
        await app.Mail.WaitForAsync(owner, "at 100 % of the limit");
        Assert.Equal([80, 100], (await ReadAsync(db => db.UsageAlerts.Where(a => a.OrganizationId == org.Organization.Id).Select(a => a.Threshold).ToListAsync())).Order());
        await Task.Delay(1000); // a repeated e-mail would have been queued with the checks above
        var messages = (await app.Mail.MessagesAsync()).Where(m => m.To.Any(t => t.Value == owner) && m.Subject.Contains("of the limit")).ToList();
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task AHardMinutesLimitBlocksOutboundCallsWithADeployAndRaisingItUnblocks()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MonthlyMinutes = 2);
        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OrganizationProfile>().UpdateUsageAsync(owner, "50, 100", true, null));
        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(1), 60, 60); // 2 minutes: the limit
        await AddCallsAsync(org.Organization.Id, MonthStart.AddDays(-2), 600);  // last month's minutes do not count
        await TallyAsync();
        await OwnDeploysAsync(org.Organization.Id, DateTimeOffset.UtcNow.AddMinutes(-5));
        var since = DateTimeOffset.UtcNow;

        await CheckAsync(org.Organization.Id);

        var organization = await ReadAsync(db => db.Organizations.AsNoTracking().FirstAsync(o => o.Id == org.Organization.Id));
        Assert.True(organization.OutboundBlocked);
        Assert.False(organization.RecordingBlocked);
        Assert.Equal("50,100", organization.UsageAlertThresholds);
        Assert.NotEmpty(await OwnDeploysAsync(org.Organization.Id, since));
        var mail = await app.Mail.WaitForAsync(org.Owner.Email!, "at 100 % of the limit");
        Assert.Contains("hard limit", mail.Html);
        Assert.Equal(1, await ReadAsync(db => db.AuditEntries.CountAsync(a => a.OrganizationId == org.Organization.Id && a.Action == Domain.Audit.AuditCatalogue.UsageLimitReached)));

        // The renderer's view of the organization carries the block.
        var snapshot = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<Opbx.Asterisk.PbxSnapshots>().OrganizationAsync(org.Organization.Id));
        Assert.True(snapshot!.OutboundBlocked);

        // A platform manager raises the limit: the save unblocks and deploys.
        var raised = DateTimeOffset.UtcNow;
        await app.WithScopeAsync(async sp =>
        {
            var settings = OrganizationSettings.From(organization);
            settings.MonthlyMinutes = 100;
            await sp.GetRequiredService<OrganizationService>().UpdateAsync(await app.AdminActorAsync(), org.Organization.Id, settings);
        });
        Assert.False(await ReadAsync(db => db.Organizations.Where(o => o.Id == org.Organization.Id).Select(o => o.OutboundBlocked).FirstAsync()));
        Assert.NotEmpty(await OwnDeploysAsync(org.Organization.Id, raised));
    }

    [Fact]
    public async Task AdvisoryLimitsNeverBlockAndThresholdsAreValidated()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MonthlyMinutes = 1);
        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(1), 600);
        await TallyAsync();
        await CheckAsync(org.Organization.Id);
        Assert.False(await ReadAsync(db => db.Organizations.Where(o => o.Id == org.Organization.Id).Select(o => o.OutboundBlocked).FirstAsync()));

        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        foreach (var bad in new[] { "", "0", "80,80", "abc", "80,1001", "1,2,3,4,5,6" })
        {
            var e = await Assert.ThrowsAsync<ValidationException>(() =>
                app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OrganizationProfile>().UpdateUsageAsync(owner, bad, null, null)));
            Assert.Equal(UsageThresholds.Rule, Assert.Single(e.Errors["UsageAlertThresholds"]));
        }
        // A person without the right to manage settings is refused.
        var reporter = Actor.Person(Guid.NewGuid(), false, OrgRole.Reporter);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OrganizationProfile>().UpdateUsageAsync(reporter, "90", true, true)));
        Assert.False(await ReadAsync(db => db.Organizations.Where(o => o.Id == org.Organization.Id).Select(o => o.MinutesHardLimit).FirstAsync()));
    }

    [Fact]
    public async Task TheDashboardShowsMinutesStorageAndPbxLimitsAndOwnersSetAlertsAndHardLimitsOnTheSettingsPage()
    {
        var org = await app.CreateOrganizationAsync(configure: s => { s.MonthlyMinutes = 10; s.StorageGb = 1; });
        await AddCallsAsync(org.Organization.Id, MonthStart.AddHours(1), 61, 30);
        await TallyAsync();
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");

        var settings = $"/Org/{org.Organization.Id}/Settings";
        var refused = await owner.PostFormAsync(settings + "?handler=Usage", new() { ["UsageAlertThresholds"] = "80, 80", ["MinutesHardLimit"] = "true" });
        Assert.Contains(UsageThresholds.Rule, WebSession.Errors(await refused.Content.ReadAsStringAsync()));
        Assert.False(await ReadAsync(db => db.Organizations.Where(o => o.Id == org.Organization.Id).Select(o => o.MinutesHardLimit).FirstAsync()));

        await owner.PostFormAsync(settings + "?handler=Usage", new() { ["UsageAlertThresholds"] = "50, 90", ["MinutesHardLimit"] = "true", ["StorageHardLimit"] = "false" });
        var stored = await ReadAsync(db => db.Organizations.Where(o => o.Id == org.Organization.Id).Select(o => new { o.UsageAlertThresholds, o.MinutesHardLimit }).FirstAsync());
        Assert.Equal(("50,90", true), (stored.UsageAlertThresholds, stored.MinutesHardLimit));

        var dashboard = await owner.GetHtmlAsync($"/Org/{org.Organization.Id}");
        Assert.Contains("Minutes this month", dashboard);
        Assert.Contains("aria-label=\"Minutes this month: 3 of 10 used\"", dashboard);
        Assert.Contains("outbound calls stop at it", dashboard);
        Assert.Contains("aria-label=\"Storage (MB): 0 of 1,000 used\"", dashboard);
        Assert.Contains("aria-label=\"Numbers: 0 of", dashboard);
        Assert.Contains("aria-label=\"Queues: 0 of", dashboard);
    }
}
