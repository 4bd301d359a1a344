using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Api;

/// <summary>
/// <c>/api/v1/numbers</c>: every number on the platform with the organization holding it (platform tokens). Numbers enter the
/// inventory here, are assigned or moved to an organization (within its <c>max_dids</c>), released back, and removed.
/// </summary>
public static class NumberInventoryApi
{
    public static void MapNumberInventoryApi(this RouteGroupBuilder platform)
    {
        var numbers = platform.MapGroup("/numbers").WithTags("Numbers (platform)");

        numbers.MapGet("", async (NumberInventory inventory, CurrentUser current, string? q, Guid? organization_id, bool? free, int? page, int? page_size) =>
        {
            var (p, size) = ApiPaging.Check(page, page_size);
            var result = await inventory.ListAsync(current.AsPlatformManager, q, organization_id, free ?? false, p, size);
            return TypedResults.Ok(new PageDto<NumberDto>(result.Items.Select(ToDto).ToList(), result.Page, result.PageSize, result.Total));
        }).WithName("ListNumbers")
            .WithSummary("List every number on the platform with its organization (q: part of the number; organization_id; free=true: the inventory only).");

        numbers.MapPost("", async (HttpRequest request, NumberInventory inventory, CurrentUser current) =>
        {
            var (input, _) = await ApiBody.ReadAsync<NewNumberDto>(request);
            var did = await inventory.AddAsync(current.AsPlatformManager, input.Number, input.TrunkId);
            return TypedResults.Created($"/api/v1/numbers/{did.Id}", await RowAsync(inventory, current, did));
        }).WithName("AddNumber").WithSummary("Add a number (E.164) to the inventory, on a shared trunk or none yet (409 when it is in use on the platform).")
            .AcceptsJson(new NewNumberDto("+14155550199", null)).ProducesProblem(409);

        numbers.MapPost("/{id:guid}/assign", async (Guid id, HttpRequest request, NumberInventory inventory, CurrentUser current) =>
        {
            var (input, _) = await ApiBody.ReadAsync<NumberAssignmentDto>(request);
            if (input.OrganizationId is not { } organizationId) throw new ValidationException("organization_id", "Give the id of the organization that gets the number.");
            var did = await inventory.AssignAsync(current.AsPlatformManager, id, organizationId);
            return TypedResults.Ok(await RowAsync(inventory, current, did));
        }).WithName("AssignNumber")
            .WithSummary("Give a number to an organization, from the inventory or moved from another one (it arrives hung up; 403 with limit and current beyond max_dids).")
            .AcceptsJson(new NumberAssignmentDto(Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"))).ProducesProblem(404);

        numbers.MapPost("/{id:guid}/release", async (Guid id, NumberInventory inventory, CurrentUser current) =>
                TypedResults.Ok(await RowAsync(inventory, current, await inventory.ReleaseAsync(current.AsPlatformManager, id))))
            .WithName("ReleaseNumber")
            .WithSummary("Take a number back from its organization into the inventory (hung up; its routes stop showing it as caller ID).")
            .ProducesProblem(404);

        numbers.MapPut("/{id:guid}/trunk", async (Guid id, HttpRequest request, NumberInventory inventory, CurrentUser current) =>
        {
            var (input, _) = await ApiBody.ReadAsync<NumberTrunkDto>(request);
            var did = await inventory.SetTrunkAsync(current.AsPlatformManager, id, input.TrunkId);
            return TypedResults.Ok(await RowAsync(inventory, current, did));
        }).WithName("SetNumberTrunk").WithSummary("Set the trunk a number arrives on: a shared trunk, one of its holder's own trunks, or none (null).")
            .AcceptsJson(new NumberTrunkDto(Guid.Parse("c0ffee00-1234-4abc-9def-0123456789ab"))).ProducesProblem(404);

        numbers.MapDelete("/{id:guid}", async (Guid id, NumberInventory inventory, CurrentUser current) =>
        {
            await inventory.RemoveAsync(current.AsPlatformManager, id);
            return TypedResults.NoContent();
        }).WithName("RemoveNumber").WithSummary("Remove a number from the platform altogether.").ProducesProblem(404);
    }

    /// <summary>The number as the list shows it (with its organization's name), after a change.</summary>
    private static async Task<NumberDto> RowAsync(NumberInventory inventory, CurrentUser current, Did did) =>
        ToDto((await inventory.ListAsync(current.AsPlatformManager, did.Number)).Items.Single(r => r.Id == did.Id));

    private static NumberDto ToDto(InventoryRow r) =>
        new(r.Id, r.Number, r.OrganizationId, r.OrganizationName, r.TrunkId, r.TrunkName, r.TrunkShared, Names.Of(r.DestinationKind));
}
