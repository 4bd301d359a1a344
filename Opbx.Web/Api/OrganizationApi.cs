using System.Text.Json.Nodes;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Web;

namespace Opbx.Api;

public sealed record UserDto(Guid Id, Guid AccountId, string Name, string Email, string Role, string Status, string? Extension,
    bool ExtensionLive, DateTimeOffset? LastLoginAt, DateOnly? DeleteOn);

public sealed record NewUserDto(string? Name, string? Email, string? Role, string? Extension, string? Password, bool? MustChangePassword);

public sealed record InviteDto(string? Name, string? Email, string? Role, string? Extension);

public sealed record UserPatchDto(string? Name, string? Email, string? Role, string? Status, string? Extension);

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Source, string? Address, string Action, string TargetType, string TargetId,
    string TargetName, JsonNode? Changes, string? Note);

/// <summary>The organization endpoints of SPEC §8, for organization API keys (HTTP Basic), scoped per endpoint.</summary>
public static class OrganizationApi
{
    public const string Policy = "OrganizationApi";
    public const string AnyPolicy = "AnyApiCredential";
    public const string KeyItem = "opbx.api-key";

    public static void MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policy).AddEndpointFilter(QuotaAsync)
            .ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(429).ProducesProblem(503);
        var users = api.MapGroup("/users").WithTags("Users (organization)");

        users.MapGet("", async (MemberService members, string? status, string? role, string? q, string? sort, string? order, int? page, int? page_size) =>
        {
            var errors = new FieldErrors();
            var (statusFilter, roleFilter) = MemberListQuery.ParseFilters(status, role, errors);
            var sortBy = ApiPaging.Sort(sort, MemberListQuery.Sorts, errors);
            var descending = ApiPaging.Descending(order, byDefault: false, errors);
            var (p, size) = ApiPaging.Check(page, page_size, errors);
            errors.ThrowIfAny();
            var result = await members.ListAsync(new MemberListQuery(q, statusFilter, roleFilter, sortBy, descending, p, size));
            return TypedResults.Ok(new PageDto<UserDto>(result.Items.Select(ToDto).ToList(), result.Page, result.PageSize, result.Total));
        }).RequireScope("users:read").WithName("ListUsers")
            .WithSummary("List the organization's members (status: active, inactive or all; role; q: part of the name or e-mail; sort: name, email, role, extension or last_login; order: asc or desc).");

        users.MapGet("/{id:guid}", async (Guid id, MemberService members) => TypedResults.Ok(ToDto(await members.GetRowAsync(id))))
            .RequireScope("users:read").WithName("GetUser").WithSummary("Get one member.").ProducesProblem(404);

        users.MapPost("", async (HttpRequest request, MemberService members) =>
        {
            var (input, _) = await ApiBody.ReadAsync<NewUserDto>(request);
            return await AddAsync(members, new NewMember
            {
                Name = input.Name ?? "",
                Email = input.Email ?? "",
                Role = input.Role ?? "",
                Extension = input.Extension,
                Password = input.Password,
                SendInvitation = string.IsNullOrEmpty(input.Password),
                MustChangePassword = input.MustChangePassword ?? false,
            });
        }).RequireScope("users:write").WithName("CreateUser")
            .WithSummary("Add a member: with a password, or without one to send an invitation by e-mail (403 with limit and current when every seat is taken).")
            .AcceptsJson(new NewUserDto("Ana Silva", "ana.silva@example.com", "pbx_user", "201", "Harbour-lights-at-dusk-7", true)).ProducesProblem(409);

        api.MapPost("/org-users/invite", async (HttpRequest request, MemberService members) =>
        {
            var (input, _) = await ApiBody.ReadAsync<InviteDto>(request);
            // An invitation is a create without a password: the same add, the same answer.
            return await AddAsync(members, new NewMember
            {
                Name = input.Name ?? "",
                Email = input.Email ?? "",
                Role = input.Role ?? "",
                Extension = input.Extension,
                SendInvitation = true,
            });
        }).RequireScope("users:write").WithTags("Users (organization)").WithName("InviteUser")
            .WithSummary("Add a member and send them an invitation to choose their password.")
            .AcceptsJson(new InviteDto("Ben Okafor", "ben.okafor@example.com", "reporter", null)).ProducesProblem(409);

        users.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, MemberService members) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<UserPatchDto>(request);
            // "extension": null removes the member's extension; leaving the field out keeps it.
            var extension = raw.ContainsKey("extension") ? input.Extension ?? "" : null;
            await Fields(() => members.UpdateAsync(Actor.ApiKey(), id, new MemberUpdate
            {
                Name = input.Name,
                Email = input.Email,
                Role = input.Role,
                Status = input.Status,
                Extension = extension,
            }));
            return TypedResults.Ok(ToDto(await members.GetRowAsync(id)));
        }).RequireScope("users:write").WithName("UpdateUser")
            .WithSummary("Change a member's name, e-mail, role, status or extension; omitted fields keep their value, \"extension\": null removes it.")
            .AcceptsJson(new UserPatchDto(null, null, "pbx_admin", null, "202")).ProducesProblem(404).ProducesProblem(409);

        users.MapDelete("/{id:guid}", async (Guid id, MemberService members) =>
        {
            await members.DeleteAsync(Actor.ApiKey(), id);
            return TypedResults.NoContent();
        }).RequireScope("users:write").WithName("DeleteUser")
            .WithSummary("Remove a member: their extension is unassigned and their name leaves the call records.").ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/compliance", async (OrganizationProfile profile) => TypedResults.Ok(ToDto(await profile.GetAsync())))
            .RequireScope("compliance:read").WithTags("Compliance (organization)").WithName("GetCompliance")
            .WithSummary("The organization's compliance settings: recording consent, retention and number masking.");

        api.MapPut("/compliance", async (HttpRequest request, OrganizationProfile profile) =>
        {
            var (input, _) = await ApiBody.ReadAsync<ComplianceDto>(request);
            var saved = await Fields(() => profile.UpdateComplianceAsync(Actor.ApiKey(), input.RecordingConsentMode, input.CdrRetentionDays,
                input.RecordingRetentionDays, input.PiiMasking));
            return TypedResults.Ok(ToDto(saved));
        }).RequireScope("compliance:write").WithTags("Compliance (organization)").WithName("UpdateCompliance")
            .WithSummary("Replace the compliance settings (every field required).")
            .AcceptsJson(new ComplianceDto("announcement", 365, 90, true));

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

        api.MapDeployEndpoints();
        api.MapPbxApi();
        api.MapCallRecordApi();
    }

    /// <summary>"Create" and "invite" both end here: one add, one answer.</summary>
    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Created<UserDto>> AddAsync(MemberService members, NewMember input)
    {
        var membership = await Fields(() => members.AddAsync(Actor.ApiKey(), input));
        return TypedResults.Created($"/api/v1/users/{membership.Id}", ToDto(Added(await members.GetRowAsync(membership.Id), input.Name)));
    }

    /// <summary>
    /// The answer to adding someone carries only what the caller sent: when the address already had an Opbx account, its
    /// real name and last sign-in are not this organization's to learn by trying addresses.
    /// </summary>
    private static MemberRow Added(MemberRow row, string? typedName) =>
        row with { Name = SingleLineText.Clean(typedName, new FieldErrors(), "name"), LastLoginAt = null };

    private static UserDto ToDto(MemberRow m) => new(m.Id, m.AccountId, m.Name, m.Email, Names.Of(m.Role), Names.Of(m.Status), m.Extension,
        m.ExtensionLive, m.LastLoginAt, m.DeleteOn);

    private static ComplianceDto ToDto(Organization o) =>
        new(Names.Of(o.RecordingConsentMode), o.CdrRetentionDays, o.RecordingRetentionDays, o.PiiMasking);

    /// <summary>Field errors keyed as the API spells the fields.</summary>
    private static async Task<T> Fields<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Errors.ToDictionary(kv => Json.Name(kv.Key), kv => kv.Value));
        }
    }

    internal static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope)
                ? await next(context)
                : Results.Problem(statusCode: 403, title: "Forbidden", detail: $"This API key lacks the scope {scope}."));

    /// <summary>max_requests_per_day: beyond it, 429 with Retry-After until the next UTC day.</summary>
    private static async ValueTask<object?> QuotaAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var profile = http.RequestServices.GetRequiredService<OrganizationProfile>();
        var organization = await profile.GetAsync(http.RequestAborted);
        if (organization.MaxRequestsPerDay is { } quota)
        {
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var count = await http.RequestServices.GetRequiredService<ApiKeyService>().CountRequestAsync(organization.Id, today, http.RequestAborted);
            if (count > quota)
            {
                var retryAfter = (int)Math.Ceiling((today.AddDays(1).ToDateTime(TimeOnly.MinValue) - now.UtcDateTime).TotalSeconds);
                http.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString();
                return Results.Problem(statusCode: 429, title: "Too many requests",
                    detail: $"The organization's quota of {quota:N0} API requests a day is used up; it renews at 00:00 UTC.",
                    extensions: new Dictionary<string, object?> { ["limit"] = quota, ["current"] = count - 1 });
            }
        }
        return await next(context);
    }
}
