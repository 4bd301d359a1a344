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
        }).RequireScope("config:write").WithName("DeployConfiguration");

        config.MapGet("/deploys/{id:guid}", async (Guid id, DeployService deploys) =>
        {
            var deploy = await deploys.GetAsync(id);
            return TypedResults.Ok(ToDto(deploy) with { Diff = (await deploys.DiffAsync(deploy))?.Select(ToDto).ToList() });
        }).RequireScope("config:read").WithName("GetDeploy").ProducesProblem(404);

        config.MapPost("/deploys/{id:guid}/rollback", async (Guid id, DeployService deploys) =>
        {
            var deploy = await deploys.RollbackAsync(Actor.ApiKey(), id);
            return TypedResults.Accepted($"/api/v1/config/deploys/{deploy.Id}", ToDto(deploy));
        }).RequireScope("config:write").WithName("RollbackDeploy").ProducesProblem(404).ProducesProblem(409);

        config.MapGet("/state", async (DeployService deploys) =>
        {
            var state = await deploys.StateAsync();
            var preview = await deploys.ReviewAsync();
            return TypedResults.Ok(new DeployStateDto(!state.ManualDeploys, state.PausedAt, state.PendingChanges, state.Drifted, preview.Select(ToDto).ToList()));
        }).RequireScope("config:read").WithName("GetDeployState");

        config.MapPut("/auto-deploy", async (AutoDeployInput? input, DeployService deploys) =>
        {
            var errors = new FieldErrors();
            if (input?.Enabled is null) errors.Add("enabled", "Say true or false.");
            errors.ThrowIfAny();
            var enabled = input!.Enabled!.Value;
            await deploys.SetManualDeploysAsync(Actor.ApiKey(), !enabled);
            return TypedResults.NoContent();
        }).RequireScope("config:write").WithName("SetAutoDeploy").ProducesProblem(400).ProducesProblem(403);

        config.MapGet("/deploys", async (DeployService deploys, int? page, int? page_size) =>
        {
            var errors = new FieldErrors();
            if (page is < 1) errors.Add("page", "Pages start at 1.");
            if (page_size is < 1 or > 200) errors.Add("page_size", "Use a page size from 1 to 200.");
            errors.ThrowIfAny();
            var result = await deploys.ListAsync(page ?? 1, page_size ?? 25);
            return TypedResults.Ok(new PageDto<DeployDto>(result.Items.Select(ToDto).ToList(), result.Page, result.PageSize, result.Total));
        }).RequireScope("config:read").WithName("ListDeploys");
    }

    public static DeployDto ToDto(Deploy d) => new(d.Id, Names.Of(d.Trigger), d.RequestedBy, d.Requests, Names.Of(d.Status), d.QueuedAt, d.StartedAt,
        d.FinishedAt, d.Duration is { } duration ? (long)duration.TotalMilliseconds : null, d.Written, d.Deleted, d.Reloaded, d.ReloadSkipped,
        d.Summary, d.Failure, d.AsteriskErrors, d.Drifted, d.RollbackOfId, d.Attempts);

    public static FileDiffDto ToDto(FileDiff f) => new(f.Path, f.Change, f.LinesAdded, f.LinesRemoved, f.Unified);
}
