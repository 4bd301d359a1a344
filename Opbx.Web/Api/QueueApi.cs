using System.Text.Json.Nodes;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary><c>/api/v1/queues</c>: call queues, at most <c>max_queues</c> (403 with <c>limit</c> and <c>current</c> beyond it).</summary>
public static class QueueApi
{
    public static void MapQueueApi(this RouteGroupBuilder api)
    {
        var queues = api.MapGroup("/queues").WithTags("Queues (organization)");

        queues.MapGet("", async (QueueService service, int? page, int? page_size) =>
                TypedResults.Ok(await ApiPaging.OfAsync(page, page_size, (p, size) => service.PageAsync(p, size, PbxApi.ListMembersShown), ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListQueues").WithSummary("List the organization's queues (paged, by number), each with its first 10 members and member_count (GET one for all).");

        queues.MapGet("/{id:guid}", async (Guid id, QueueService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetQueue").WithSummary("Get one queue with its members in order.").ProducesProblem(404);

        queues.MapPost("", async (HttpRequest request, QueueService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<QueueInputDto>(request);
            var queue = await service.CreateAsync(Actor.ApiKey(), Apply(input, raw, new QueueInput()));
            return TypedResults.Created($"/api/v1/queues/{queue.Id}", ToDto(await service.GetAsync(queue.Id)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateQueue")
            .WithSummary("Create a queue (403 with limit and current when max_queues is reached).")
            .AcceptsJson(new QueueInputDto("700", "Support", "ringall", 20, 300, [], new DestinationDto("hangup", null)));

        queues.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, QueueService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<QueueInputDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, raw, new QueueInput
            {
                Number = current.Number,
                Name = current.Name,
                Strategy = Names.Of(current.Strategy),
                MemberTimeoutSeconds = current.MemberTimeoutSeconds,
                MaxWaitSeconds = current.MaxWaitSeconds,
                MemberIds = current.MemberIds.ToList(),
                Fallback = DestinationInput.From(current.Fallback),
            }));
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateQueue").WithSummary("Change a queue; omitted fields keep their value.")
            .AcceptsJson(new QueueInputDto(null, null, "leastrecent", null, 600, [Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6"), Guid.Parse("9b2d7c1e-4f0a-4c55-8f6e-1d2a3b4c5d6e")], null)).ProducesProblem(404);

        queues.MapDelete("/{id:guid}", async (Guid id, QueueService service) =>
                TypedResults.Ok(new RemovedDto(await service.DeleteAsync(Actor.ApiKey(), id))))
            .RequireScope(PbxApi.WriteScope).WithName("DeleteQueue")
            .WithSummary("Delete a queue; numbers and fallbacks that sent calls to it hang up instead (listed in the answer).").ProducesProblem(404);
    }

    private static QueueInput Apply(QueueInputDto dto, JsonObject raw, QueueInput to)
    {
        if (dto.Number is not null) to.Number = dto.Number;
        if (dto.Name is not null) to.Name = dto.Name;
        if (dto.Strategy is not null) to.Strategy = dto.Strategy;
        if (dto.MemberTimeoutSeconds is { } timeout) to.MemberTimeoutSeconds = timeout;
        if (dto.MaxWaitSeconds is { } wait) to.MaxWaitSeconds = wait;
        if (dto.MemberIds is not null) to.MemberIds = dto.MemberIds;
        if (raw.ContainsKey("fallback")) to.Fallback = dto.Fallback?.ToInput();
        return to;
    }

    private static QueueDto ToDto(QueueRow q) => new(q.Id, q.Number, q.Name, Names.Of(q.Strategy), q.MemberTimeoutSeconds, q.MaxWaitSeconds,
        q.MemberIds, q.MemberNumbers, q.MemberCount, DestinationDto.From(q.Fallback));
}
