using System.Text.Json.Nodes;

namespace Opbx.Api;

/// <summary>The organization's audit log (SPEC §8), for organization API keys.</summary>
public static class AuditLogApi
{
    public static void MapAuditLogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit-log", async (AuditLog log, string? actor, string? action, string? target, DateOnly? from, DateOnly? to, int? page, int? page_size) =>
        {
            var errors = new FieldErrors();
            var (p, size) = ApiPaging.Check(page, page_size, errors, defaultPageSize: 50);
            var query = new AuditQuery(actor, action, target, from, to, null, p, size);
            foreach (var (field, messages) in query.Check().ToDictionary())
            {
                foreach (var message in messages) errors.Add(Json.Name(field), message);
            }
            errors.ThrowIfAny();
            var result = await log.QueryAsync(query);
            return TypedResults.Ok(new PageDto<AuditEntryDto>(result.Items.Select(e => new AuditEntryDto(e.Id, e.At, e.Actor,
                e.Source.ToString().ToLowerInvariant(), e.Address, e.Action, e.TargetType, e.TargetId, e.TargetName, JsonNode.Parse(e.Changes), e.Note)).ToList(),
                result.Page, result.PageSize, result.Total));
        }).RequireScope("audit:read").WithTags("Audit log (organization)").WithName("GetAuditLog")
            .WithSummary("The organization's audit log, newest first (actor, action, target: parts of them; from, to: days as YYYY-MM-DD).");
    }
}
