using System.Text.Json;
using Opbx.Domain.Rules;
using Opbx.Domain.Webhooks;

namespace Opbx.Api;

/// <summary>
/// <c>/api/v1/webhooks</c>: the organization's webhook endpoints, their delivery log and "resend" (scopes
/// <c>webhooks:read</c> and <c>webhooks:write</c>). Same service and rules as the Webhooks page.
/// </summary>
public static class WebhookApi
{
    public const string ReadScope = "webhooks:read";
    public const string WriteScope = "webhooks:write";

    public static void MapWebhookApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks (organization)");
        var example = new WebhookInputDto("https://example.com/opbx-events", [WebhookEvents.CallEnded, WebhookEvents.DeployFinished], true);

        webhooks.MapGet("", async (WebhookService service, int? page, int? page_size) =>
                TypedResults.Ok(ApiPaging.Of(await service.ListAsync(Actor.ApiKey()), page, page_size, ToDto)))
            .RequireScope(ReadScope).WithName("ListWebhooks").WithSummary("List the organization's webhook endpoints (paged).");

        webhooks.MapGet("/{id:guid}", async (Guid id, WebhookService service) => TypedResults.Ok(ToDto(await service.GetAsync(Actor.ApiKey(), id))))
            .RequireScope(ReadScope).WithName("GetWebhook").WithSummary("Get one webhook endpoint.").ProducesProblem(404);

        webhooks.MapPost("", async (HttpRequest request, WebhookService service) =>
        {
            var (input, _) = await ApiBody.ReadAsync<WebhookInputDto>(request);
            var created = await service.CreateAsync(Actor.ApiKey(), Apply(input, new WebhookInput()));
            return TypedResults.Created($"/api/v1/webhooks/{created.Endpoint.Id}", new CreatedWebhookDto(ToDto(created.Endpoint), created.Secret));
        }).RequireScope(WriteScope).WithName("CreateWebhook")
            .WithSummary("Register an https endpoint for call.ended and/or deploy.finished; the answer holds its signing secret, shown this once (organization's webhooks_enabled must be on).")
            .AcceptsJson(example);

        webhooks.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, WebhookService service) =>
        {
            var (input, _) = await ApiBody.ReadAsync<WebhookInputDto>(request);
            var current = await service.GetAsync(Actor.ApiKey(), id);
            var changed = await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, new WebhookInput
            {
                Url = current.Url, Events = current.EventList.ToList(), Enabled = current.Enabled,
            }));
            return TypedResults.Ok(ToDto(changed));
        }).RequireScope(WriteScope).WithName("UpdateWebhook").WithSummary("Change an endpoint's URL, events or enabled; omitted fields keep their value.")
            .AcceptsJson(new WebhookInputDto(null, [WebhookEvents.CallEnded], false)).ProducesProblem(404);

        webhooks.MapDelete("/{id:guid}", async (Guid id, WebhookService service) =>
        {
            await service.DeleteAsync(Actor.ApiKey(), id);
            return TypedResults.NoContent();
        }).RequireScope(WriteScope).WithName("DeleteWebhook").WithSummary("Delete an endpoint and its delivery log.").ProducesProblem(404);

        webhooks.MapPost("/{id:guid}/rotate-secret", async (Guid id, WebhookService service) =>
        {
            var rotated = await service.RotateSecretAsync(Actor.ApiKey(), id);
            return TypedResults.Ok(new CreatedWebhookDto(ToDto(rotated.Endpoint), rotated.Secret));
        }).RequireScope(WriteScope).WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret, shown this once; deliveries are signed with it from now on and the old one stops working.").ProducesProblem(404);

        webhooks.MapGet("/{id:guid}/deliveries", async (Guid id, WebhookService service, int? page, int? page_size) =>
                TypedResults.Ok(ApiPaging.Of(await service.DeliveriesAsync(Actor.ApiKey(), id), page, page_size, ToDto)))
            .RequireScope(ReadScope).WithName("ListWebhookDeliveries")
            .WithSummary("The endpoint's delivery log, newest first (its last 100 deliveries): status, response code, duration, attempts, next retry.")
            .ProducesProblem(404);

        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/resend", async (Guid id, Guid deliveryId, WebhookService service) =>
                TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", ToDto(await service.ResendAsync(Actor.ApiKey(), id, deliveryId))))
            .RequireScope(WriteScope).WithName("ResendWebhookDelivery")
            .WithSummary("Send a delivery's event again now, as a new delivery with the same event id and body.").ProducesProblem(404);
    }

    private static WebhookInput Apply(WebhookInputDto dto, WebhookInput to)
    {
        if (dto.Url is not null) to.Url = dto.Url;
        if (dto.Events is not null) to.Events = dto.Events.ToList();
        if (dto.Enabled is { } enabled) to.Enabled = enabled;
        return to;
    }

    private static WebhookDto ToDto(WebhookEndpoint e) => new(e.Id, e.Url, e.EventList, e.Enabled, e.CreatedAt);

    private static WebhookDeliveryDto ToDto(WebhookDelivery d) => new(d.Id, d.EventId, d.EventType, JsonNamingPolicy.SnakeCaseLower.ConvertName(d.Status.ToString()),
        d.Attempts, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.ResponseCode, d.DurationMs, d.ResponseBody, d.Error, d.ResendOfId);
}
