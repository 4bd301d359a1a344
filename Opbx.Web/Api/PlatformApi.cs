using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Web;

namespace Opbx.Api;

/// <summary>The platform endpoints of SPEC §8, for platform managers with a platform token (Bearer).</summary>
public static class PlatformApi
{
    public const string Policy = "PlatformApi";

    public static void MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/organizations").RequireAuthorization(Policy).WithTags("Organizations (platform)")
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(503);

        orgs.MapGet("", async (OrganizationService service, string? q, string? status, string? sort, string? order, int? page, int? page_size) =>
        {
            var errors = new FieldErrors();
            OrganizationStatus? filter = null;
            if (status is not null)
            {
                if (Names.TryParseOrganizationStatus(status, out var s)) filter = s;
                else errors.Add("status", "Use active or suspended.");
            }
            var sortBy = ApiPaging.Sort(sort, OrganizationListQuery.Sorts, errors);
            var descending = ApiPaging.Descending(order, byDefault: true, errors);
            var (p, size) = ApiPaging.Check(page, page_size, errors);
            errors.ThrowIfAny();
            var result = await service.ListAsync(new OrganizationListQuery(q, filter, sortBy, descending, p, size));
            var organizations = await service.GetManyAsync(result.Items.Select(r => r.Id).ToList());
            // An organization deleted between the two reads is left out rather than answered half.
            var items = result.Items.Where(r => organizations.ContainsKey(r.Id)).Select(r => OrganizationMapping.ToDto(organizations[r.Id], r)).ToList();
            return TypedResults.Ok(new PageDto<OrganizationDto>(items, result.Page, result.PageSize, result.Total));
        }).WithName("ListOrganizations")
            .WithSummary("List organizations (q: part of the name or slug, or an id; status: active or suspended; sort: created, name, status or users; order: asc or desc).");

        orgs.MapPost("", async Task<Created<CreatedOrganizationDto>> (HttpRequest request, OrganizationService service, CurrentUser current) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<OrganizationInput>(request);
            var errors = new FieldErrors();
            var industry = Industry.General;
            if (input.Industry is not null && !Names.TryParseIndustry(input.Industry, out industry))
                errors.Add("industry", "Use one of: hotel, hospital, general.");
            var settings = IndustryPresets.For(industry);
            OrganizationMapping.ApplyTo(input, settings, QuotaGiven(raw), errors);
            // Every problem at once: the API's own (industry, the owner missing) with the domain's checks of what was given.
            if (input.Owner is null)
            {
                errors.Add("owner", "Give the owner's name and email: \"owner\": {\"name\": …, \"email\": …}.");
                OrganizationMapping.AddDomainErrors(settings.Validate(), errors);
            }
            else
            {
                OrganizationMapping.AddDomainErrors(OrganizationService.Check(settings, input.Owner.Name, input.Owner.Email), errors);
            }
            errors.ThrowIfAny();
            var created = await Translate(() => service.CreateAsync(current.AsPlatformManager, settings, input.Owner!.Name ?? "", input.Owner.Email ?? ""));
            var row = await service.GetRowAsync(created.Organization.Id);
            return TypedResults.Created($"/api/v1/organizations/{created.Organization.Id}",
                new CreatedOrganizationDto(OrganizationMapping.ToDto(created.Organization, row), created.ApiKeyId, created.ApiSecret));
        }).WithName("CreateOrganization")
            .WithSummary("Create an organization with its owner (invited by e-mail); omitted settings take the industry's preset. The answer carries the first API key's secret, this once.")
            .AcceptsJson(new OrganizationInput("Harbour View Hotel", "hotel", new ContactInfoDto("front-desk@harbourview.example", "+1 555 0100"), new OwnerDto("Helen Harbour", "helen.harbour@harbourview.example"), new SettingsDto(40, 10, 2, 3, null, null, new FeaturesDto(null, null, true, null, null, null), 3, 10_000), null, new ComplianceDto("announcement", 365, 90, true))).ProducesProblem(409);

        orgs.MapGet("/{id:guid}", async (Guid id, OrganizationService service) => TypedResults.Ok(await DtoAsync(service, id)))
            .WithName("GetOrganization").WithSummary("Get one organization with its settings, limits, compliance, owner and usage.").ProducesProblem(404);

        orgs.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, OrganizationService service, CurrentUser current) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<OrganizationInput>(request);
            var organization = await service.GetAsync(id);
            var settings = OrganizationSettings.From(organization);
            var errors = new FieldErrors();
            if (input.Industry is not null)
            {
                if (Names.TryParseIndustry(input.Industry, out var industry)) settings.Industry = industry;
                else errors.Add("industry", "Use one of: hotel, hospital, general.");
            }
            if (input.Owner is not null) errors.Add("owner", "The owner is changed through the organization's users, not here.");
            OrganizationMapping.ApplyTo(input, settings, QuotaGiven(raw), errors);
            OrganizationMapping.AddDomainErrors(settings.Validate(), errors);
            errors.ThrowIfAny();
            await Translate(() => service.UpdateAsync(current.AsPlatformManager, id, settings));
            return TypedResults.Ok(await DtoAsync(service, id));
        }).WithName("UpdateOrganization").WithSummary("Change an organization; omitted fields keep their value (the owner is changed through its users).")
            .AcceptsJson(new OrganizationInput(null, null, new ContactInfoDto(null, "+1 555 0101"), null, new SettingsDto(60, null, null, null, null, null, null, null, null), new LimitsDto(30, null, null), null)).ProducesProblem(404).ProducesProblem(409);

        orgs.MapDelete("/{id:guid}", async (Guid id, string? confirm, OrganizationService service, CurrentUser current) =>
        {
            await service.GetAsync(id);
            if (string.IsNullOrEmpty(confirm)) throw new ValidationException("confirm", "Add ?confirm=<organization name> to delete an organization and all its data.");
            await Translate(() => service.DeleteAsync(current.AsPlatformManager, id, confirm));
            return TypedResults.NoContent();
        }).WithName("DeleteOrganization")
            .WithSummary("Delete an organization and all its data; confirm: its name, exactly.").ProducesProblem(404);

        orgs.MapPost("/{id:guid}/suspend", async (Guid id, OrganizationService service, CurrentUser current) =>
        {
            await service.SuspendAsync(current.AsPlatformManager, id);
            return TypedResults.Ok(await DtoAsync(service, id));
        }).WithName("SuspendOrganization").WithSummary("Suspend an organization: its people and API keys are refused until it is reactivated.").ProducesProblem(404);

        orgs.MapPost("/{id:guid}/reactivate", async (Guid id, OrganizationService service, CurrentUser current) =>
        {
            await service.ReactivateAsync(current.AsPlatformManager, id);
            return TypedResults.Ok(await DtoAsync(service, id));
        }).WithName("ReactivateOrganization").WithSummary("Reactivate a suspended organization.").ProducesProblem(404);
    }

    /// <summary>Unknown API paths, methods and content types answer 404/405/415 ProblemDetails (after credentials are checked), not a sign-in redirect.</summary>
    public static void MapApiFallback(this IEndpointRouteBuilder app) =>
        app.Map("/api/{**rest}", ApiFallback.Answer).RequireAuthorization(OrganizationApi.AnyPolicy).ExcludeFromDescription();

    private static bool QuotaGiven(JsonObject raw) =>
        raw["settings"] is JsonObject s && s.ContainsKey("max_requests_per_day");

    private static async Task<OrganizationDto> DtoAsync(OrganizationService service, Guid id)
    {
        var organization = await service.GetAsync(id);
        var row = await service.GetRowAsync(id);
        return OrganizationMapping.ToDto(organization, row);
    }

    /// <summary>Domain field names (MaxUsers) become the API's paths (settings.max_users).</summary>
    private static async Task<T> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Errors.ToDictionary(kv => OrganizationMapping.FieldPaths.GetValueOrDefault(kv.Key, Json.Name(kv.Key)), kv => kv.Value));
        }
    }

    private static Task Translate(Func<Task> action) => Translate(async () => { await action(); return true; });
}
