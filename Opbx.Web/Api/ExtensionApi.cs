using System.Text.Json.Nodes;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary><c>/api/v1/extensions</c>: the organization's phone lines, and their SIP credentials for owners' keys with <c>pbx:credentials</c>.</summary>
public static class ExtensionApi
{
    public static void MapExtensionApi(this RouteGroupBuilder api)
    {
        var extensions = api.MapGroup("/extensions").WithTags("Extensions (organization)");

        extensions.MapGet("", async (ExtensionService service, int? page, int? page_size) =>
                TypedResults.Ok(await ApiPaging.OfAsync(page, page_size, (p, size) => service.PageAsync(null, p, size), ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListExtensions").WithSummary("List the organization's extensions (paged, by number).");

        extensions.MapGet("/{id:guid}", async (Guid id, ExtensionService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetExtension").WithSummary("Get one extension.").ProducesProblem(404);

        extensions.MapPost("", async (HttpRequest request, ExtensionService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<ExtensionInputDto>(request);
            var account = await service.CreateAsync(Actor.ApiKey(), Apply(input, raw, new ExtensionInput()));
            return TypedResults.Created($"/api/v1/extensions/{account.ExtensionId}",
                new CreatedExtensionDto(ToDto(await service.GetAsync(account.ExtensionId)), SipCredentialsDto.From(account)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateExtension")
            .WithSummary("Create an extension; the answer carries its SIP password and voicemail PIN, this once.")
            .AcceptsJson(new ExtensionInputDto("201", "Front desk", null, true, null, null));

        extensions.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, ExtensionService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<ExtensionInputDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, raw, new ExtensionInput
            {
                Number = current.Number,
                Name = current.Name,
                MembershipId = current.MembershipId,
                VoicemailEnabled = current.VoicemailEnabled,
            }));
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateExtension")
            .WithSummary("Change an extension; omitted fields keep their value. Taking it from a member gives it a new SIP password.")
            .AcceptsJson(new ExtensionInputDto(null, "Front desk (night)", Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"), null, null, null)).ProducesProblem(404);

        extensions.MapGet("/{id:guid}/usage", async (Guid id, ExtensionService service) => TypedResults.Ok(ToDto(await service.UsageAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetExtensionUsage")
            .WithSummary("Where the extension is used: ring groups, queues, numbers and fallbacks (what deleting it changes).").ProducesProblem(404);

        extensions.MapDelete("/{id:guid}", async (Guid id, ExtensionService service) => TypedResults.Ok(ToDto(await service.DeleteAsync(Actor.ApiKey(), id))))
            .RequireScope(PbxApi.WriteScope).WithName("DeleteExtension")
            .WithSummary("Delete an extension: it leaves its ring groups and queues, numbers and fallbacks sending calls to it hang up; the answer says where it was used.")
            .ProducesProblem(404);

        extensions.MapGet("/{id:guid}/sip-credentials", async (Guid id, ExtensionService service) =>
                TypedResults.Ok(SipCredentialsDto.From(await service.RevealAsync(Actor.ApiKey(), id))))
            .RequireScope(PbxApi.CredentialsScope).WithName("GetSipCredentials")
            .WithSummary("The extension's SIP username, password and voicemail PIN (scope pbx:credentials); each viewing is in the audit log.")
            .ProducesProblem(404);

        extensions.MapPost("/{id:guid}/sip-credentials/reset", async (Guid id, ExtensionService service) =>
                TypedResults.Ok(SipCredentialsDto.From(await service.ResetPasswordAsync(Actor.ApiKey(), id))))
            .RequireScope(PbxApi.WriteScope).RequireScope(PbxApi.CredentialsScope).WithName("ResetSipPassword")
            .WithSummary("A new generated SIP password, shown once (scopes pbx:write and pbx:credentials); the old one stops working at the next deploy.")
            .ProducesProblem(404);
    }

    private static ExtensionInput Apply(ExtensionInputDto dto, JsonObject raw, ExtensionInput to)
    {
        if (dto.Number is not null) to.Number = dto.Number;
        if (dto.Name is not null) to.Name = dto.Name;
        // "membership_id": null unassigns; leaving the field out keeps the member.
        if (raw.ContainsKey("membership_id")) to.MembershipId = dto.MembershipId;
        if (dto.VoicemailEnabled is { } voicemail) to.VoicemailEnabled = voicemail;
        to.VoicemailPin = dto.VoicemailPin;
        to.SipPassword = dto.SipPassword;
        return to;
    }

    private static ExtensionDto ToDto(ExtensionRow x) => new(x.Id, x.Number, x.Name, x.MembershipId, x.MemberName, x.Live, x.VoicemailEnabled, x.SipUsername);

    private static ExtensionUsageDto ToDto(ExtensionUsage u) => new(u.RingGroups, u.Queues, u.Destinations);
}
