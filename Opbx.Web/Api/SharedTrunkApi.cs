using Opbx.Domain.Pbx;
using Opbx.Web;

namespace Opbx.Api;

/// <summary><c>/api/v1/shared-trunks</c>: the provider's carrier trunks every organization's numbers arrive on and its routes may use (platform tokens).</summary>
public static class SharedTrunkApi
{
    public static void MapSharedTrunkApi(this RouteGroupBuilder platform)
    {
        var trunks = platform.MapGroup("/shared-trunks").WithTags("Shared trunks (platform)");

        // Without an organization entered, the trunk list holds the shared trunks only.
        trunks.MapGet("", async (TrunkService service, int? page, int? page_size) =>
                TypedResults.Ok(ApiPaging.Of(await service.ListAsync(), page, page_size, TrunkApi.ToDto)))
            .WithName("ListSharedTrunks").WithSummary("List the shared trunks (paged, by name).");

        trunks.MapGet("/{id:guid}", async (Guid id, TrunkService service) => TypedResults.Ok(TrunkApi.ToDto(await service.GetAsync(id))))
            .WithName("GetSharedTrunk").WithSummary("Get one shared trunk (never its password).").ProducesProblem(404);

        trunks.MapPost("", async (HttpRequest request, TrunkService service, CurrentUser current) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<TrunkInputDto>(request);
            var trunk = await service.CreateSharedAsync(current.AsPlatformManager, TrunkApi.Apply(input, raw, new TrunkInput()));
            return TypedResults.Created($"/api/v1/shared-trunks/{trunk.Id}", TrunkApi.ToDto(await service.GetAsync(trunk.Id)));
        }).WithName("CreateSharedTrunk").WithSummary("Create a shared trunk.").AcceptsJson(TrunkApi.Example with { Name = "Provider carrier" }).ProducesProblem(409);

        trunks.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, TrunkService service, CurrentUser current) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<TrunkInputDto>(request);
            var existing = await service.GetAsync(id);
            await service.UpdateAsync(current.AsPlatformManager, id, TrunkApi.Apply(input, raw, TrunkApi.From(existing)));
            return TypedResults.Ok(TrunkApi.ToDto(await service.GetAsync(id)));
        }).WithName("UpdateSharedTrunk").WithSummary("Change a shared trunk; omitted fields keep their value (an empty password keeps it).")
            .AcceptsJson(TrunkApi.PatchExample).ProducesProblem(404).ProducesProblem(409);

        trunks.MapDelete("/{id:guid}", async (Guid id, TrunkService service, CurrentUser current) =>
                TypedResults.Ok(new RemovedDto(await service.DeleteAsync(current.AsPlatformManager, id))))
            .WithName("DeleteSharedTrunk")
            .WithSummary("Delete a shared trunk no number arrives on (409 otherwise); every organization's routes stop using it (listed in the answer).")
            .ProducesProblem(404).ProducesProblem(409);
    }
}
