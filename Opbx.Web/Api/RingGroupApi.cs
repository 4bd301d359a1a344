using System.Text.Json.Nodes;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary><c>/api/v1/ring-groups</c>: numbers that ring several extensions at once, in order, or round-robin.</summary>
public static class RingGroupApi
{
    public static void MapRingGroupApi(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/ring-groups").WithTags("Ring groups (organization)");

        groups.MapGet("", async (RingGroupService service, int? page, int? page_size) =>
                TypedResults.Ok(await ApiPaging.OfAsync(page, page_size, (p, size) => service.PageAsync(p, size, PbxApi.ListMembersShown), ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListRingGroups").WithSummary("List the organization's ring groups (paged, by number), each with its first 10 members and member_count (GET one for all).");

        groups.MapGet("/{id:guid}", async (Guid id, RingGroupService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetRingGroup").WithSummary("Get one ring group with its members in order.").ProducesProblem(404);

        groups.MapPost("", async (HttpRequest request, RingGroupService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<RingGroupInputDto>(request);
            var group = await service.CreateAsync(Actor.ApiKey(), Apply(input, raw, new RingGroupInput()));
            return TypedResults.Created($"/api/v1/ring-groups/{group.Id}", ToDto(await service.GetAsync(group.Id)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateRingGroup").WithSummary("Create a ring group.")
            .AcceptsJson(new RingGroupInputDto("600", "Reception", "simultaneous", 20, [], new DestinationDto("hangup", null)));

        groups.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, RingGroupService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<RingGroupInputDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, raw, new RingGroupInput
            {
                Number = current.Number,
                Name = current.Name,
                Strategy = Names.Of(current.Strategy),
                RingSeconds = current.RingSeconds,
                MemberIds = current.MemberIds.ToList(),
                Fallback = DestinationInput.From(current.Fallback),
            }));
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateRingGroup").WithSummary("Change a ring group; omitted fields keep their value.")
            .AcceptsJson(new RingGroupInputDto(null, null, "sequential", 15, [Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"), Guid.Parse("9b2d7c1e-4f0a-4c55-8f6e-1d2a3b4c5d6e")], new DestinationDto("voicemail", Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6")))).ProducesProblem(404);

        groups.MapDelete("/{id:guid}", async (Guid id, RingGroupService service) =>
                TypedResults.Ok(new RemovedDto(await service.DeleteAsync(Actor.ApiKey(), id))))
            .RequireScope(PbxApi.WriteScope).WithName("DeleteRingGroup")
            .WithSummary("Delete a ring group; numbers and fallbacks that sent calls to it hang up instead (listed in the answer).").ProducesProblem(404);
    }

    private static RingGroupInput Apply(RingGroupInputDto dto, JsonObject raw, RingGroupInput to)
    {
        if (dto.Number is not null) to.Number = dto.Number;
        if (dto.Name is not null) to.Name = dto.Name;
        if (dto.Strategy is not null) to.Strategy = dto.Strategy;
        if (dto.RingSeconds is { } seconds) to.RingSeconds = seconds;
        if (dto.MemberIds is not null) to.MemberIds = dto.MemberIds;
        // "fallback": null means hang up; leaving the field out keeps the fallback.
        if (raw.ContainsKey("fallback")) to.Fallback = dto.Fallback?.ToInput();
        return to;
    }

    private static RingGroupDto ToDto(RingGroupRow g) =>
        new(g.Id, g.Number, g.Name, Names.Of(g.Strategy), g.RingSeconds, g.MemberIds, g.MemberNumbers, g.MemberCount, DestinationDto.From(g.Fallback));
}
