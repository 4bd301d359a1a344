namespace Opbx.Api;

/// <summary>The organization's compliance settings (SPEC §8), for organization API keys.</summary>
public static class ComplianceApi
{
    public static void MapComplianceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/compliance", async (OrganizationProfile profile) => TypedResults.Ok(ToDto(await profile.GetAsync())))
            .RequireScope("compliance:read").WithTags("Compliance (organization)").WithName("GetCompliance")
            .WithSummary("The organization's compliance settings: recording consent, retention and number masking.");

        api.MapPut("/compliance", async (HttpRequest request, OrganizationProfile profile) =>
        {
            var (input, _) = await ApiBody.ReadAsync<ComplianceDto>(request);
            var saved = await OrganizationApi.Fields(() => profile.UpdateComplianceAsync(Actor.ApiKey(), input.RecordingConsentMode, input.CdrRetentionDays,
                input.RecordingRetentionDays, input.PiiMasking));
            return TypedResults.Ok(ToDto(saved));
        }).RequireScope("compliance:write").WithTags("Compliance (organization)").WithName("UpdateCompliance")
            .WithSummary("Replace the compliance settings (every field required).")
            .AcceptsJson(new ComplianceDto("announcement", 365, 90, true));
    }

    private static ComplianceDto ToDto(Organization o) =>
        new(Names.Of(o.RecordingConsentMode), o.CdrRetentionDays, o.RecordingRetentionDays, o.PiiMasking);
}
