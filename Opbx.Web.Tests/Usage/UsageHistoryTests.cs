using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Calls;
using Opbx.Domain.Rules;
using Opbx.Domain.Usage;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Usage;

/// <summary>
/// The month-by-month history (limits of each month's time, storage peak, kept after retention deletes the records), the Usage page
/// per role, <c>/api/v1/usage</c> with the Settings form's validation, and limits printed with thousands separators.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class UsageHistoryTests(OpbxApp app)
{
    private static DateTimeOffset MonthStart => new(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
    private static DateOnly ThisMonth => DateOnly.FromDateTime(MonthStart.UtcDateTime);
    private static DateOnly LastMonth => ThisMonth.AddMonths(-1);

    private Task AddCallAsync(Guid organizationId, DateTimeOffset startedAt, int billSeconds, long recordingBytes = 0) =>
        app.InOrganizationAsync(organizationId, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.CallRecords.Add(new CallRecord
            {
                OrganizationId = organizationId, UniqueId = $"hist-{Guid.NewGuid():N}", LinkedId = "hist", StartedAt = startedAt, BillSeconds = billSeconds,
                DurationSeconds = billSeconds, Source = "201", Destination = "5551234",
                RecordingFile = recordingBytes > 0 ? $"{Guid.NewGuid():N}.wav" : null, RecordingBytes = recordingBytes,
            });
            await db.SaveChangesAsync();
        });

    private Task<T> ReadAsync<T>(Func<OpbxDb, Task<T>> read) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await read(sp.GetRequiredService<OpbxDb>());
    });

    private Task WriteAsync(Func<OpbxDb, Task> write) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        var db = sp.GetRequiredService<OpbxDb>();
        await write(db);
        await db.SaveChangesAsync();
    });

    /// <summary>Last month: 3 minutes (61 s + 30 s), its record then deleted as retention would; this month: 2 minutes and a 2.5 GB recording.</summary>
    private async Task<Opbx.Domain.Organizations.CreatedOrganization> OrganizationWithHistoryAsync()
    {
        var org = await app.CreateOrganizationAsync(configure: s => { s.MonthlyMinutes = 10_000; s.StorageGb = 5; });
        var id = org.Organization.Id;
        await AddCallAsync(id, MonthStart.AddDays(-3), 61);
        await AddCallAsync(id, MonthStart.AddDays(-2), 30);
        await AddCallAsync(id, MonthStart.AddHours(2), 120, recordingBytes: 2_500_000_000);
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().TallyAsync());
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().CheckAsync());
        // Last month's usage check (it ran then, with the limits of that time): 2,000 minutes, hard.
        await WriteAsync(async db =>
        {
            var last = await db.MonthlyUsage.SingleAsync(u => u.OrganizationId == id && u.Month == LastMonth);
            (last.MinutesLimit, last.MinutesHardLimit, last.StorageGbLimit, last.StoragePeakBytes) = (2_000, true, 0, 1_200_000_000);
        });
        // Retention removes last month's records: the history stays.
        await WriteAsync(async db => db.CallRecords.RemoveRange(await db.CallRecords.Where(c => c.OrganizationId == id && c.StartedAt < MonthStart).ToListAsync()));
        return org;
    }

    [Fact]
    public async Task TheUsageCheckKeepsTheMonthsStoragePeakAndItsLimits()
    {
        var org = await app.CreateOrganizationAsync(configure: s => { s.MonthlyMinutes = 500; s.StorageGb = 3; });
        var id = org.Organization.Id;
        await AddCallAsync(id, MonthStart.AddHours(1), 60, recordingBytes: 700_000_000);
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().TallyAsync());
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().CheckAsync());
        // The recording goes (retention, or an owner deleted it): the month's peak stays; the limits follow the organization's.
        await WriteAsync(async db =>
        {
            var call = await db.CallRecords.SingleAsync(c => c.OrganizationId == id);
            (call.RecordingFile, call.RecordingBytes) = (null, 0);
            (await db.Organizations.SingleAsync(o => o.Id == id)).MonthlyMinutes = 800;
        });
        await app.WithScopeAsync(sp => sp.GetRequiredService<UsageService>().CheckAsync());

        var row = await ReadAsync(db => db.MonthlyUsage.SingleAsync(u => u.OrganizationId == id && u.Month == ThisMonth));
        Assert.Equal((1, 1L, 700_000_000L, 800, 3, false), (row.Calls, row.Minutes, row.StoragePeakBytes, row.MinutesLimit, row.StorageGbLimit, row.MinutesHardLimit));
    }

    [Fact]
    public async Task TheUsagePageListsEachMonthWithTheLimitsOfItsTimeAfterRetentionForReadersOnly()
    {
        var org = await OrganizationWithHistoryAsync();
        var id = org.Organization.Id;
        var path = $"/Org/{id}/Usage";
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var html = await owner.GetHtmlAsync(path);

        Assert.Contains("2 of 10,000", html);                               // minutes this month against the limit
        Assert.Contains("2,500 of 5,000", html);                            // storage (MB) against 5 GB
        var rows = TableRows(html, "usage-history");
        Assert.Equal(2, rows.Count);
        Assert.Equal([MonthName(ThisMonth), "1", "2", "10,000 minutes", "2,500", "5,000 MB"], rows[0]);
        Assert.Equal([MonthName(LastMonth), "2", "3", "2,000 minutes (hard)", "1,200", "none"], rows[1]);
        // Charts: data for the static script, and no inline script on the page (the CSP allows none).
        Assert.Contains("<script type=\"application/json\" id=\"minutes-chart-data\">", html);
        Assert.Contains("<script type=\"application/json\" id=\"storage-chart-data\">", html);
        Assert.Contains("/lib/chart.js/dist/chart.umd.min.js", html);
        Assert.All(ScriptTag().Matches(html), m => Assert.True(m.Value.Contains(" src=") || m.Value.Contains("type=\"application/json\""), m.Value));

        // Who may open it: those who read every call; a PBX user is refused (403, as for every page their role may not open).
        var reporter = await app.AddMemberAsync(id, "reporter");
        var admin = await app.AddMemberAsync(id, "pbx_admin");
        var user = await app.AddMemberAsync(id, "pbx_user");
        foreach (var (member, status) in new[] { (reporter, HttpStatusCode.OK), (admin, HttpStatusCode.OK), (user, HttpStatusCode.Forbidden) })
        {
            using var session = await WebSession.SignInAsync(app, member.Account!.Email!, "Member-password-1");
            Assert.Equal(status, (await session.GetAsync(path)).StatusCode);
        }
        // The dashboard's usage rows print limits the same way.
        var dashboard = await owner.GetHtmlAsync($"/Org/{id}");
        Assert.Contains("aria-label=\"Minutes this month: 2 of 10,000 used\"", dashboard);
        Assert.Contains("aria-label=\"Storage (MB): 2,500 of 5,000 used\"", dashboard);
    }

    [Fact]
    public async Task TheApiReadsUsageAndChangesItsSettingsWithTheFormsValidationAndScopes()
    {
        var org = await OrganizationWithHistoryAsync();
        using var key = ApiClient.Key(app, org);

        var usage = await ApiClient.JsonAsync(await key.GetAsync("/api/v1/usage"));
        Assert.Equal(ThisMonth.ToString("yyyy-MM"), (string?)usage["month"]);
        Assert.Equal((2L, 10_000, 2_500_000_000L, 5, false), ((long)usage["minutes"]!, (int)usage["monthly_minutes"]!, (long)usage["storage_bytes"]!,
            (int)usage["storage_gb"]!, (bool)usage["outbound_blocked"]!));
        var history = usage["history"]!.AsArray();
        Assert.Equal(2, history.Count);
        var last = history[1]!;
        Assert.Equal((LastMonth.ToString("yyyy-MM"), 2, 3L, 2_000, true, 1_200_000_000L),
            ((string?)last["month"], (int)last["calls"]!, (long)last["minutes"]!, (int)last["monthly_minutes"]!, (bool)last["minutes_hard_limit"]!,
             (long)last["storage_peak_bytes"]!));

        // One validation: the Settings form's rule and message, under the API's field name.
        var refused = await key.PutAsync("/api/v1/usage/settings", new JsonObject { ["usage_alert_thresholds"] = "80, 80", ["minutes_hard_limit"] = true });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await ApiClient.JsonAsync(refused))["errors"]!["usage_alert_thresholds"]!.AsArray();
        Assert.Equal(UsageThresholds.Rule, (string?)Assert.Single(errors));
        Assert.False(await ReadAsync(db => db.Organizations.Where(o => o.Id == org.Organization.Id).Select(o => o.MinutesHardLimit).FirstAsync()));

        var saved = await ApiClient.JsonAsync(await key.PutAsync("/api/v1/usage/settings", new JsonObject { ["usage_alert_thresholds"] = "50, 90%", ["storage_hard_limit"] = true }));
        Assert.Equal(("50, 90", false, true), ((string?)saved["usage_alert_thresholds"], (bool)saved["minutes_hard_limit"]!, (bool)saved["storage_hard_limit"]!));
        var read = await ApiClient.JsonAsync(await key.GetAsync("/api/v1/usage/settings"));
        Assert.Equal("50, 90", (string?)read["usage_alert_thresholds"]);
        Assert.Equal([50, 90], (await ApiClient.JsonAsync(await key.GetAsync("/api/v1/usage")))["alert_thresholds"]!.AsArray().Select(t => (int)t!));

        // Scopes: a reading key reads and cannot change; a key without usage scopes reads nothing.
        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        async Task<ApiClient> KeyWith(params string[] scopes)
        {
            var issued = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<ApiKeyService>().CreateAsync(owner, "k" + Guid.NewGuid().ToString("N")[..6], scopes));
            return ApiClient.Basic(app, issued.Key.KeyId, issued.Secret);
        }
        await WriteAsync(async db => (await db.Organizations.SingleAsync(o => o.Id == org.Organization.Id)).MaxApiKeys = 5);
        using var reader = await KeyWith("usage:read");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/usage/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync("/api/v1/usage/settings", new JsonObject { ["minutes_hard_limit"] = true })).StatusCode);
        using var other = await KeyWith("cdrs:read");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/v1/usage")).StatusCode);
    }

    [Theory]
    [InlineData(0, 10_000, "0 of 10,000")]
    [InlineData(1_234_567, 2_000_000, "1,234,567 of 2,000,000")]
    [InlineData(999, 1_000, "999 of 1,000")]
    public void LimitsPrintWithThousandsSeparatorsWhateverTheServersCulture(long used, long limit, string text)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(text, Opbx.Domain.Values.Amount.UsedOf(used, limit));
            Assert.Equal("The organization's limit of 10,000 seats is reached (10,000 in use).", AccessRules.WithinLimit("seats", 10_000, 10_000).Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    private static string MonthName(DateOnly month) => month.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The text of each cell of each body row of the table with this id.</summary>
    private static List<string[]> TableRows(string html, string id)
    {
        var table = Regex.Match(html, $"<table[^>]*id=\"{id}\"[\\s\\S]*?</table>").Value;
        var body = Regex.Match(table, "<tbody>([\\s\\S]*?)</tbody>").Groups[1].Value;
        return Regex.Matches(body, "<tr>([\\s\\S]*?)</tr>").Select(r => Regex.Matches(r.Groups[1].Value, "<td[^>]*>([\\s\\S]*?)</td>")
            .Select(c => System.Net.WebUtility.HtmlDecode(Regex.Replace(c.Groups[1].Value, "<[^>]+>", "")).Trim()).ToArray()).ToList();
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
