using System.Text.Json.Nodes;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Api;

/// <summary>
/// <c>/api/v1/trunks</c>: the organization's own trunks (at most <c>max_trunks</c>), and the provider's shared trunks listed by
/// name for its routes to use (changing those is for platform managers: 403).
/// </summary>
public static class TrunkApi
{
    public static void MapTrunkApi(this RouteGroupBuilder api)
    {
        var trunks = api.MapGroup("/trunks").WithTags("Trunks (organization)");

        trunks.MapGet("", async (TrunkService service, int? page, int? page_size) =>
                TypedResults.Ok(ApiPaging.Of(await service.ListAsync(), page, page_size, ToDto)))
            .RequireScope(PbxApi.ReadScope).WithName("ListTrunks")
            .WithSummary("List the organization's own trunks, then the shared trunks it may route over (name only).");

        trunks.MapGet("/{id:guid}", async (Guid id, TrunkService service) => TypedResults.Ok(ToDto(await service.GetAsync(id))))
            .RequireScope(PbxApi.ReadScope).WithName("GetTrunk").WithSummary("Get one trunk (never its password).").ProducesProblem(404);

        trunks.MapPost("", async (HttpRequest request, TrunkService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<TrunkInputDto>(request);
            var trunk = await service.CreateAsync(Actor.ApiKey(), Apply(input, raw, new TrunkInput()));
            return TypedResults.Created($"/api/v1/trunks/{trunk.Id}", ToDto(await service.GetAsync(trunk.Id)));
        }).RequireScope(PbxApi.WriteScope).WithName("CreateTrunk")
            .WithSummary("Create a trunk of the organization's own (403 with limit and current when max_trunks is reached).")
            .AcceptsJson(Example).ProducesProblem(409);

        trunks.MapPatch("/{id:guid}", async (Guid id, HttpRequest request, TrunkService service) =>
        {
            var (input, raw) = await ApiBody.ReadAsync<TrunkInputDto>(request);
            var current = await service.GetAsync(id);
            await service.UpdateAsync(Actor.ApiKey(), id, Apply(input, raw, From(current)));
            return TypedResults.Ok(ToDto(await service.GetAsync(id)));
        }).RequireScope(PbxApi.WriteScope).WithName("UpdateTrunk")
            .WithSummary("Change one of the organization's trunks; omitted fields keep their value (an empty password keeps it).")
            .AcceptsJson(PatchExample).ProducesProblem(404).ProducesProblem(409);

        trunks.MapDelete("/{id:guid}", async (Guid id, TrunkService service) =>
                TypedResults.Ok(new RemovedDto(await service.DeleteAsync(Actor.ApiKey(), id))))
            .RequireScope(PbxApi.WriteScope).WithName("DeleteTrunk")
            .WithSummary("Delete a trunk no number arrives on (409 otherwise); routes and emergency numbers stop using it (listed in the answer).")
            .ProducesProblem(404).ProducesProblem(409);
    }

    internal static readonly TrunkInputDto Example =
        new("Carrier A", "sip.carrier-a.example", 5060, "udp", "harbour-view", "A-long-carrier-secret-2026", true, ["203.0.113.10"], 30);

    internal static readonly TrunkInputDto PatchExample = new(null, null, 5080, "tcp", null, null, null, null, 60);

    /// <summary>The trunk as it is, to lay a PATCH over (the password is not read back: empty keeps it).</summary>
    internal static TrunkInput From(TrunkRow t) => new()
    {
        Name = t.Name,
        Host = t.Host,
        Port = t.Port,
        Transport = Names.Of(t.Transport),
        Username = t.Username,
        Register = t.Register,
        InboundMatch = t.InboundMatch.ToList(),
        MaxChannels = t.MaxChannels,
    };

    internal static TrunkInput Apply(TrunkInputDto dto, JsonObject raw, TrunkInput to)
    {
        if (dto.Name is not null) to.Name = dto.Name;
        if (dto.Host is not null) to.Host = dto.Host;
        if (dto.Port is { } port) to.Port = port;
        if (dto.Transport is not null) to.Transport = dto.Transport;
        // "username": null removes the credentials (and with them the password); leaving it out keeps them.
        if (raw.ContainsKey("username")) to.Username = dto.Username;
        to.Password = dto.Password;
        if (dto.Register is { } register) to.Register = register;
        if (dto.InboundMatch is not null) to.InboundMatch = dto.InboundMatch;
        if (dto.MaxChannels is { } channels) to.MaxChannels = channels;
        return to;
    }

    internal static TrunkDto ToDto(TrunkRow t) =>
        new(t.Id, t.Name, t.Shared, t.Host, t.Port, Names.Of(t.Transport), t.Username, t.HasPassword, t.Register, t.InboundMatch, t.MaxChannels);
}
