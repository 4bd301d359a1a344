namespace Opbx.Api;

/// <summary>
/// The PBX endpoints of SPEC §8: the organization's resources for API keys (<c>pbx:read</c>, <c>pbx:write</c>, and
/// <c>pbx:credentials</c> for SIP secrets), and the provider's shared trunks and number inventory for platform tokens.
/// Each resource's endpoints are in its own file; they call the same domain services as the pages.
/// </summary>
public static class PbxApi
{
    public const string ReadScope = "pbx:read";
    public const string WriteScope = "pbx:write";

    /// <summary>
    /// How many members each ring group or queue carries in a list (with <c>member_count</c> for all): a list of ten queues
    /// of a hundred agents each would otherwise answer a thousand members. GET one for all of its members.
    /// </summary>
    public const int ListMembersShown = 10;
    /// <summary>
    /// SIP passwords again after creation: only keys an owner gave this scope. A key acts with owner authority, so the scope is
    /// what stands for "owners and PBX admins" (a key made for a reporting or provisioning tool leaves it out).
    /// </summary>
    public const string CredentialsScope = "pbx:credentials";

    /// <summary>Inside the organization API's group (API key, scopes, daily quota).</summary>
    public static void MapPbxApi(this RouteGroupBuilder api)
    {
        api.MapExtensionApi();
        api.MapRingGroupApi();
        api.MapQueueApi();
        api.MapTrunkApi();
        api.MapDidApi();
        api.MapOutboundRouteApi();
        api.MapEmergencyNumberApi();
        api.MapWebhookApi();
    }

    /// <summary>Shared trunks and the number inventory, for platform managers with a platform token.</summary>
    public static void MapPlatformPbxApi(this IEndpointRouteBuilder app)
    {
        var platform = app.MapGroup("/api/v1").RequireAuthorization(PlatformApi.Policy)
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(503);
        platform.MapSharedTrunkApi();
        platform.MapNumberInventoryApi();
    }
}
