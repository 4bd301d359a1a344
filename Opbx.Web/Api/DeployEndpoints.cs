using Opbx.Asterisk.Deploys;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary>
/// <c>POST /api/v1/config/deploy</c> (202 with the deploy: "Deploy now", joining one already queued) and
/// <c>GET /api/v1/config/deploys[/{id}]</c>, for organization API keys (<c>config:write</c>, <c>config:read</c>).
/// </summary>
public static class DeployEndpoints
{
    public static void MapDeployEndpoints(this RouteGroupBuilder api)
    {
        var config = api.MapGroup("/config").WithTags("Configuration deploys (organization)");

        config.MapPost("/deploy", async (DeployService deploys) =>
        {
            var deploy = await deploys.DeployNowAsync(Actor.ApiKey());
            return TypedResults.Accepted($"/api/v1/config/deploys/{deploy.Id}", ToDto(deploy));
        }).RequireScope("config:write").WithName("DeployConfiguration")
            .WithSummary("Deploy the organization's Asterisk configuration now (joins a deploy already queued); 202 with the deploy to follow.");

        config.MapGet("/deploys/{id:guid}", async (Guid id, DeployService deploys) => TypedResults.Ok(ToDto(await deploys.GetAsync(id))))
            .RequireScope("config:read").WithName("GetDeploy").WithSummary("One deploy: its status, what it wrote, deleted and reloaded, and any failure.")
            .ProducesProblem(404);

        config.MapGet("/deploys", async (DeployService deploys, int? page, int? page_size) =>
        {
            var (p, size) = ApiPaging.Check(page, page_size);
            var result = await deploys.ListAsync(p, size);
            return TypedResults.Ok(new PageDto<DeployDto>(result.Items.Select(ToDto).ToList(), result.Page, result.PageSize, result.Total));
        }).RequireScope("config:read").WithName("ListDeploys").WithSummary("The organization's deploys, newest first (paged).");
    }

    public static DeployDto ToDto(Deploy d) => new(d.Id, Names.Of(d.Trigger), d.RequestedBy, d.Requests, Names.Of(d.Status), d.QueuedAt, d.StartedAt,
        d.FinishedAt, d.Duration is { } duration ? (long)duration.TotalMilliseconds : null, d.Written, d.Deleted, d.Reloaded, d.ReloadSkipped,
        d.Summary, d.Failure);
}
