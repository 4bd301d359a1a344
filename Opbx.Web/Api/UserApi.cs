namespace Opbx.Api;

/// <summary>The organization's members (SPEC §8): list, read, create, invite, change and remove, for organization API keys.</summary>
public static class UserApi
{
    public static void MapUserApi(this RouteGroupBuilder api)
    {
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
            await OrganizationApi.Fields(() => members.UpdateAsync(Actor.ApiKey(), id, new MemberUpdate
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
    }

    /// <summary>"Create" and "invite" both end here: one add, one answer.</summary>
    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Created<UserDto>> AddAsync(MemberService members, NewMember input)
    {
        var membership = await OrganizationApi.Fields(() => members.AddAsync(Actor.ApiKey(), input));
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
}
