using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Opbx.Data;
using Opbx.Domain.Calls;
using Opbx.Jobs;
using Opbx.Tests.Asterisk.Harness;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;
using Phone = Opbx.Tests.Asterisk.Harness.SipAccount;

namespace Opbx.Tests.Asterisk;

/// <summary>
/// Call records from real calls: Asterisk 22's cdr_custom writes the generated mapping's file, the app's background
/// ingestion reads it. A call is one record of the right organization, member, direction and billsec within 5 s of its
/// hang-up; calls made while the ingestion is stopped are read when it starts again, none twice.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class CdrScenarios(AsteriskServer asterisk, AsteriskApp app) : IAsyncLifetime
{
    private readonly ScenarioCheckpoint _checkpoint = new(asterisk, app);

    public Task InitializeAsync() => _checkpoint.StartAsync();

    public Task DisposeAsync() => _checkpoint.SettleAsync();

    [Fact]
    public async Task A_call_is_one_record_of_its_organization_with_its_extension_direction_and_billsec_within_5_seconds()
    {
        var org = await PbxTestKit.NewAsync(app);
        var member = await app.AddMemberAsync(org.OrganizationId, "pbx_user", name: "Carla Caller");
        var a = Phone.Of(await org.ExtensionAsync("100", membershipId: member.Id));
        var b = Phone.Of(await org.ExtensionAsync("101"));
        await app.DeployedAsync(DateTimeOffset.MinValue);
        await using var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, b);

        var call = await asterisk.Sipp.CallAsync(asterisk, "101", from: a.Username, a, hold: TimeSpan.FromSeconds(3));
        var hungUp = Stopwatch.StartNew();

        call.ShouldEndWith(200);
        var record = Assert.Single(await RecordsAsync(org.OrganizationId, 1, TimeSpan.FromSeconds(5)));
        Assert.True(hungUp.Elapsed < TimeSpan.FromSeconds(5), $"The record appeared {hungUp.Elapsed.TotalSeconds:F1} s after the hang-up.");
        Assert.Equal(CallDirection.Internal, record.Direction);
        Assert.Equal(CallDisposition.Answered, record.Disposition);
        Assert.Equal("101", record.Destination);
        Assert.StartsWith($"PJSIP/{a.Username}-", record.SourceChannel);
        Assert.StartsWith($"PJSIP/{b.Username}-", record.DestinationChannel);
        Assert.Equal(member.Id, record.MembershipId);
        Assert.Equal("Carla Caller", record.CallerName);
        Assert.InRange(record.BillSeconds, 2, 5);
        Assert.InRange(record.DurationSeconds, record.BillSeconds, record.BillSeconds + 5);
        Assert.NotNull(record.AnsweredAt);
        (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
    }

    [Fact]
    public async Task Calls_made_while_the_ingestion_is_stopped_are_read_when_it_starts_none_twice()
    {
        var org = await PbxTestKit.NewAsync(app);
        var a = Phone.Of(await org.ExtensionAsync("100"));
        var b = Phone.Of(await org.ExtensionAsync("101"));
        await app.DeployedAsync(DateTimeOffset.MinValue);
        var service = app.Services.GetServices<IHostedService>().OfType<CdrIngestService>().Single();

        await service.StopAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 2; i++)
            {
                await using var ringing = await asterisk.Sipp.RegisteredPhoneAsync(asterisk, b);
                (await asterisk.Sipp.CallAsync(asterisk, "101", from: a.Username, a)).ShouldEndWith(200);
                (await ringing.WaitAsync()).ShouldHaveAnsweredOneCall();
            }
            await WaitForFileAsync(org.Key, 2);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // three poll intervals: a running ingestion would have read them
            Assert.Empty(await RecordsAsync(org.OrganizationId, 0, TimeSpan.Zero));
        }
        finally
        {
            await service.StartAsync(CancellationToken.None);
        }

        var records = await RecordsAsync(org.OrganizationId, 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, records.Select(r => r.UniqueId).Distinct().Count());
        // More polls, and a cursor lost as in a crash before it was saved: still one record per CDR.
        await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().CdrCursors.ExecuteDeleteAsync());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await RecordsAsync(org.OrganizationId, 0, TimeSpan.Zero)).Count);
    }

    /// <summary>The organization's records once there are at least <paramref name="count"/> (or the time is up).</summary>
    private async Task<List<CallRecord>> RecordsAsync(Guid organizationId, int count, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var records = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().CallRecords.IgnoreQueryFilters()
                .Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Id).ToListAsync());
            if (records.Count >= count || deadline.Elapsed >= within)
            {
                Assert.True(records.Count >= count, $"{records.Count} of {count} records after {within.TotalSeconds} s.\n{Tail()}");
                return records;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until Asterisk has written <paramref name="lines"/> CDRs with the account code to the file.</summary>
    private async Task WaitForFileAsync(string accountCode, int lines)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Count(accountCode) < lines)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Asterisk wrote {Count(accountCode)} of {lines} CDRs.\n{Tail()}");
            await Task.Delay(100);
        }
    }

    private int Count(string accountCode) => File.Exists(asterisk.CdrPath)
        ? ReadShared(asterisk.CdrPath).Split('\n').Count(l => l.StartsWith($"\"{accountCode}\",", StringComparison.Ordinal))
        : 0;

    private string Tail() => (File.Exists(asterisk.CdrPath) ? ReadShared(asterisk.CdrPath)[^Math.Min(2000, ReadShared(asterisk.CdrPath).Length)..] : "(no CDR file)")
        + "\n" + asterisk.LogTail();

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}
