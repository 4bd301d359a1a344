using System.Globalization;
using Opbx.Domain.Usage;

namespace Opbx.Api;

/// <summary>
/// <c>/api/v1/usage</c>: usage against the limits and its history (scope <c>usage:read</c>), and the alert thresholds and hard limits
/// (<c>usage:write</c> to change them). The same services and validation as the Usage page and Settings.
/// </summary>
public static class UsageApi
{
    public const string ReadScope = "usage:read";
    public const string WriteScope = "usage:write";

    public static void MapUsageApi(this RouteGroupBuilder api)
    {
        var usage = api.MapGroup("/usage").WithTags("Usage (organization)");

        usage.MapGet("", async (UsageReport report, HttpContext http) => TypedResults.Ok(ToDto(await report.ReadAsync(Actor.ApiKey(), http.RequestAborted))))
            .RequireScope(ReadScope).WithName("GetUsage")
            .WithSummary("Minutes this month and storage against monthly_minutes and storage_gb (0 = no limit), whether a hard limit blocks now, and the month-by-month history with the limits of each month.");

        usage.MapGet("/settings", async (OrganizationProfile profile) => TypedResults.Ok(ToDto(await profile.GetAsync())))
            .RequireScope(ReadScope).WithName("GetUsageSettings")
            .WithSummary("The usage alert thresholds (percent of a limit at which the owners are e-mailed) and whether minutes and storage are hard limits.");

        usage.MapPut("/settings", async (HttpRequest request, OrganizationProfile profile) =>
            {
                var (input, _) = await ApiBody.ReadAsync<UsageSettingsDto>(request);
                var saved = await OrganizationApi.Fields(() => profile.UpdateUsageAsync(Actor.ApiKey(), input.UsageAlertThresholds, input.MinutesHardLimit,
                    input.StorageHardLimit, request.HttpContext.RequestAborted));
                return TypedResults.Ok(ToDto(saved));
            })
            .RequireScope(WriteScope).WithName("UpdateUsageSettings")
            .WithSummary("Set the alert thresholds (one to five percentages from 1 to 1000) and the hard limits; omitted fields keep their value. A hard limit already reached blocks at once (outbound calls refused or recording stopped, through a deploy).")
            .AcceptsJson(new UsageSettingsDto("80, 100", true, false));
    }

    private static UsageSettingsDto ToDto(Organization o) => new(o.UsageAlertThresholds.Replace(",", ", "), o.MinutesHardLimit, o.StorageHardLimit);

    private static OrganizationUsageDto ToDto(UsageSummary u) => new(MonthText(u.Month), u.Minutes, u.MinutesLimit, u.MinutesHardLimit, u.OutboundBlocked,
        u.StorageBytes, u.StorageGbLimit, u.StorageHardLimit, u.RecordingBlocked, u.AlertThresholds,
        u.History.Select(m => new UsageMonthDto(MonthText(m.Month), m.Calls, m.Minutes, m.StoragePeakBytes, m.MinutesLimit, m.MinutesHardLimit,
            m.StorageGbLimit, m.StorageHardLimit)).ToList());

    private static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
