using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary><c>/api/v1/outbound-routes</c>: the only way a number dialled on a phone reaches a trunk.</summary>
public static class OutboundRouteApi
{
    public static void MapOutboundRouteApi(this RouteGroupBuilder api)
    {
        var routes = api.MapGroup("/outbound-routes").WithTags("Outbound routes (organization)");

        routes.MapGet("", async (OutboundRouteService service, int? page, int? page_size) =>
                TypedResults.Ok(ApiPaging.Of(await service.ListAsync(), page, page_size, ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListOutboundRoutes").WithSummary("List the organization's outbound routes (paged, in order).");

        routes.MapGet("/{id:guid}", async (Guid id, OutboundRouteService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetOutboundRoute").WithSummary("Get one outbound route with its patterns and trunks in order.")
            .ProducesProblem(404);

        routes.MapPost("", async (HttpRequest request, OutboundRouteService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<OutboundRouteInputDto>(request);
            var route = await service.CreateAsync(Actor.ApiKey(), Apply(input, raw.ContainsKey("caller_id_did_id"), new OutboundRouteInput()));
            return TypedResults.Created($"/api/v1/outbound-routes/{route.Id}", ToDto(await service.GetAsync(route.Id)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateOutboundRoute")
            .WithSummary("Create an outbound route: dial patterns (validated Asterisk pattern syntax) with strip and prepend, trunks in order, caller ID.")
            .AcceptsJson(new OutboundRouteInputDto("National", [new DialPatternDto("_0NXXXXXXXX", 1, "+49")], [Guid.Parse("c0ffee00-1234-4abc-9def-0123456789ab")], null));

        routes.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, OutboundRouteService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<OutboundRouteInputDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, raw.ContainsKey("caller_id_did_id"), new OutboundRouteInput
            {
                Name = current.Name,
                Patterns = current.Patterns.ToList(),
                TrunkIds = current.TrunkIds.ToList(),
                CallerIdDidId = current.CallerIdDidId,
            }));
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateOutboundRoute").WithSummary("Change an outbound route; omitted fields keep their value.")
            .AcceptsJson(new OutboundRouteInputDto(null, [new DialPatternDto("_00.", 2, "+")], null, Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"))).ProducesProblem(404);

        routes.MapDelete("/{id:guid}", async (Guid id, OutboundRouteService service) =>
        {
            await service.DeleteAsync(Actor.ApiKey(), id);
            return TypedResults.NoContent();
        }).RequireScope(PbxApi.WriteScope).WithName("DeleteOutboundRoute").WithSummary("Delete an outbound route.").ProducesProblem(404);
    }

    private static OutboundRouteInput Apply(OutboundRouteInputDto dto, bool callerIdGiven, OutboundRouteInput to)
    {
        if (dto.Name is not null) to.Name = dto.Name;
        if (dto.Patterns is not null)
        {
            // A JSON null in the list is no pattern at all: refused like any other bad pattern, with the field named.
            if (dto.Patterns.Any(p => p is null)) throw new ValidationException("patterns", "Each pattern is an object: {\"pattern\": \"_0X.\", \"strip\": 0, \"prepend\": \"\"}.");
            to.Patterns = dto.Patterns.Select(p => new DialPatternInput(p.Pattern, p.Strip ?? 0, p.Prepend)).ToList();
        }
        if (dto.TrunkIds is not null) to.TrunkIds = dto.TrunkIds;
        // "caller_id_did_id": null shows no number of the organization; leaving it out keeps the caller ID.
        if (callerIdGiven) to.CallerIdDidId = dto.CallerIdDidId;
        return to;
    }

    private static OutboundRouteDto ToDto(OutboundRouteRow r) => new(r.Id, r.Name, r.Position,
        r.Patterns.Select(p => new DialPatternDto(p.Pattern, p.Strip, p.Prepend ?? "")).ToList(), r.TrunkIds, r.TrunkNames, r.CallerIdDidId, r.CallerId);
}
