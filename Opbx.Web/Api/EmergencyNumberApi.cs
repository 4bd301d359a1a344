using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary><c>/api/v1/emergency-numbers</c>: numbers like 112 or 911 that neither the call limit nor suspension ever refuses.</summary>
public static class EmergencyNumberApi
{
    public static void MapEmergencyNumberApi(this RouteGroupBuilder api)
    {
        var emergency = api.MapGroup("/emergency-numbers").WithTags("Emergency numbers (organization)");

        emergency.MapGet("", async (EmergencyNumberService service, int? page, int? page_size) =>
                TypedResults.Ok(ApiPaging.Of(await service.ListAsync(), page, page_size, ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListEmergencyNumbers").WithSummary("List the organization's emergency numbers (paged).");

        emergency.MapGet("/{id:guid}", async (Guid id, EmergencyNumberService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetEmergencyNumber").WithSummary("Get one emergency number with its caller ID and trunks.")
            .ProducesProblem(404);

        emergency.MapPost("", async (HttpRequest request, EmergencyNumberService service) =>
        {
            var (input, _) = await ApiBody.ReadAsync<EmergencyNumberInputDto>(request);
            var number = await service.CreateAsync(Actor.ApiKey(), Apply(input, new EmergencyNumberInput()));
            return TypedResults.Created($"/api/v1/emergency-numbers/{number.Id}", ToDto(await service.GetAsync(number.Id)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateEmergencyNumber")
            .WithSummary("Add an emergency number with its own caller ID (one of the organization's numbers) and trunks in order.")
            .AcceptsJson(new EmergencyNumberInputDto("112", Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"), [Guid.Parse("c0ffee00-1234-4abc-9def-0123456789ab")]));

        emergency.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, EmergencyNumberService service) =>
        {
            var (input, _) = await ApiBody.ReadAsync<EmergencyNumberInputDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, new EmergencyNumberInput
            {
                Number = current.Number,
                CallerIdDidId = current.CallerIdDidId,
                TrunkIds = current.TrunkIds.ToList(),
            }));
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateEmergencyNumber").WithSummary("Change an emergency number; omitted fields keep their value.")
            .AcceptsJson(new EmergencyNumberInputDto(null, null, [Guid.Parse("c0ffee00-1234-4abc-9def-0123456789ab"), Guid.Parse("9b2d7c1e-4f0a-4c55-8f6e-1d2a3b4c5d6e")])).ProducesProblem(404);

        emergency.MapDelete("/{id:guid}", async (Guid id, EmergencyNumberService service) =>
        {
            await service.DeleteAsync(Actor.ApiKey(), id);
            return TypedResults.NoContent();
        }).RequireScope(PbxApi.WriteScope).WithName("DeleteEmergencyNumber").WithSummary("Delete an emergency number.").ProducesProblem(404);
    }

    // An emergency number always has a caller ID (the service refuses none), so a JSON null is simply "not given".
    private static EmergencyNumberInput Apply(EmergencyNumberInputDto dto, EmergencyNumberInput to)
    {
        if (dto.Number is not null) to.Number = dto.Number;
        if (dto.CallerIdDidId is { } callerId) to.CallerIdDidId = callerId;
        if (dto.TrunkIds is not null) to.TrunkIds = dto.TrunkIds;
        return to;
    }

    private static EmergencyNumberDto ToDto(EmergencyNumberRow n) => new(n.Id, n.Number, n.CallerIdDidId, n.CallerId, n.TrunkIds, n.TrunkNames);
}
