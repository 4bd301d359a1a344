using Opbx.Asterisk.Deploys;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary>
/// <c>POST /api/v1/config/deploy</c> (202 with the deploy: "Deploy now", joining one already queued) and
/// <c>GET /api/v1/config/deploys[/{id}]</c> (one with its diff), <c>POST /config/deploys/{id}/rollback</c>, <c>GET /config/state</c>
/// (auto-deploy, pending changes, drift, preview) and <c>PUT /config/auto-deploy</c>, for organization API keys (<c>config:write</c>, <c>config:read</c>).
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

        config.MapGet("/deploys/{id:guid}", async (Guid id, DeployService deploys) =>
        {
            var deploy = await deploys.GetAsync(id);
            return TypedResults.Ok(ToDto(deploy) with { Diff = (await deploys.DiffAsync(deploy))?.Select(ToDto).ToList() });
        }).RequireScope("config:read").WithName("GetDeploy")
            .WithSummary("One deploy: its status, what it wrote, deleted and reloaded, any failure, and the diff of its files against the deploy before it.")
            .ProducesProblem(404);

        config.MapPost("/deploys/{id:guid}/rollback", async (Guid id, DeployService deploys) =>
        {
            var deploy = await deploys.RollbackAsync(Actor.ApiKey(), id);
            return TypedResults.Accepted($"/api/v1/config/deploys/{deploy.Id}", ToDto(deploy));
        }).RequireScope("config:write").WithName("RollbackDeploy")
            .WithSummary("Roll back to an earlier successful deploy: restore its files, reload, verify, and pause auto-deploy until the next Deploy now; 202 with the rollback deploy.")
            .ProducesProblem(404).ProducesProblem(409);

        config.MapGet("/state", async (DeployService deploys) =>
        {
            var state = await deploys.StateAsync();
            var preview = await deploys.ReviewAsync();
            return TypedResults.Ok(new DeployStateDto(!state.ManualDeploys, state.PausedAt, state.PendingChanges, state.Drifted, preview.Select(ToDto).ToList()));
        }).RequireScope("config:read").WithName("GetDeployState")
            .WithSummary("Auto-deploy on or off, when it was paused, pending changes, files edited by hand (drift), and the diff a deploy would write now.");

        config.MapPut("/auto-deploy", async (HttpRequest request, DeployService deploys) =>
        {
            var (input, _) = await ApiBody.ReadAsync<AutoDeployInput>(request);
            var errors = new FieldErrors();
            if (input?.Enabled is null) errors.Add("enabled", "Say true or false.");
            errors.ThrowIfAny();
            var enabled = input!.Enabled!.Value;
            await deploys.SetManualDeploysAsync(Actor.ApiKey(), !enabled);
            return TypedResults.NoContent();
        }).RequireScope("config:write").WithName("SetAutoDeploy")
            .WithSummary("Switch auto-deploy on or off (owners): when off, saves collect as pending changes until Deploy now.")
            .AcceptsJson(new AutoDeployInput(false)).ProducesProblem(403);

        config.MapGet("/deploys", async (DeployService deploys, int? page, int? page_size) =>
        {
            var (p, size) = ApiPaging.Check(page, page_size);
            var result = await deploys.ListAsync(p, size);
            return TypedResults.Ok(new PageDto<DeployDto>(result.Items.Select(ToDto).ToList(), result.Page, result.PageSize, result.Total));
        }).RequireScope("config:read").WithName("ListDeploys").WithSummary("The organization's deploys, newest first (paged).");
    }

    public static DeployDto ToDto(Deploy d) => new(d.Id, Names.Of(d.Trigger), d.RequestedBy, d.Requests, Names.Of(d.Status), d.QueuedAt, d.StartedAt,
        d.FinishedAt, d.Duration is { } duration ? (long)duration.TotalMilliseconds : null, d.Written, d.Deleted, d.Reloaded, d.ReloadSkipped,
        d.Summary, d.Failure, d.AsteriskErrors, d.Drifted, d.RollbackOfId, d.Attempts);

    public static FileDiffDto ToDto(FileDiff f) => new(f.Path, f.Change, f.LinesAdded, f.LinesRemoved, f.Unified);
}
