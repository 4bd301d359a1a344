using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary>
/// <c>/api/v1/dids</c>: the organization's numbers, at most <c>max_dids</c>. It adds its own numbers on its own trunks
/// (a number anyone holds already: 409, without saying who) and routes every number it holds; numbers from the provider's
/// inventory are assigned, moved and taken back by platform managers (<c>/api/v1/numbers</c>).
/// </summary>
public static class DidApi
{
    public static void MapDidApi(this RouteGroupBuilder api)
    {
        var dids = api.MapGroup("/dids").WithTags("Numbers (organization)");

        dids.MapGet("", async (DidService service, int? page, int? page_size) =>
                TypedResults.Ok(await ApiPaging.OfAsync(page, page_size, (p, size) => service.PageAsync(p, size), ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListDids").WithSummary("List the organization's numbers (paged, by number).");

        dids.MapGet("/{id:guid}", async (Guid id, DidService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetDid").WithSummary("Get one number with its trunk and destination.").ProducesProblem(404);

        dids.MapPost("", async (HttpRequest request, DidService service) =>
        {
            var (input, _) = await ApiBody.ReadAsync<NewDidDto>(request);
            var did = await service.CreateAsync(Actor.ApiKey(), new DidInput
            {
                Number = input.Number,
                TrunkId = input.TrunkId,
                Destination = input.Destination?.ToInput(),
            });
            return TypedResults.Created($"/api/v1/dids/{did.Id}", ToDto(await service.GetAsync(did.Id)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateDid")
            .WithSummary("Add one of the organization's own numbers on one of its own trunks (409 when the number is in use on the platform; 403 with limit and current beyond max_dids).")
            .AcceptsJson(new NewDidDto("+14155550123", Guid.Parse("c0ffee00-1234-4abc-9def-0123456789ab"), new DestinationDto("ring_group", Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6")))).ProducesProblem(409);

        dids.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, DidService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<DidPatchDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, new DidRouting
            {
                // "trunk_id": null takes the number off its trunk; leaving a field out keeps it.
                TrunkId = raw.ContainsKey("trunk_id") ? input.TrunkId : current.TrunkId,
                Destination = raw.ContainsKey("destination") ? input.Destination?.ToInput() : DestinationInput.From(current.Destination),
            });
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateDid")
            .WithSummary("Change where a number rings, or the trunk it arrives on (a platform number's trunk is the platform's: 403).")
            .AcceptsJson(new DidPatchDto(Guid.Parse("c0ffee00-1234-4abc-9def-0123456789ab"), new DestinationDto("extension", Guid.Parse("9b2d7c1e-4f0a-4c55-8f6e-1d2a3b4c5d6e")))).ProducesProblem(404);

        dids.MapDelete("/{id:guid}", async (Guid id, DidService service) =>
        {
            await service.DeleteAsync(Actor.ApiKey(), id);
            return TypedResults.NoContent();
        }).RequireScope(PbxApi.WriteScope).WithName("DeleteDid")
            .WithSummary("Remove one of the organization's own numbers (a platform number goes back through the platform: 403); routes stop showing it as caller ID.")
            .ProducesProblem(404);
    }

    private static DidDto ToDto(DidRow d) => new(d.Id, d.Number, d.TrunkId, d.TrunkName, d.PlatformNumber, DestinationDto.From(d.Destination));
}
