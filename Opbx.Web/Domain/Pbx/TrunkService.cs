using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Pbx;

/// <summary>
/// Trunks: an organization's own (at most <c>max_trunks</c>, managed by its owners and PBX admins) and shared trunks
/// (no organization; platform managers). Inside an organization both are listed, because its routes may use both.
/// </summary>
public sealed class TrunkService(OpbxDb db, SipCredentials credentials, AuditActor audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<TrunkRow>> ListAsync(CancellationToken ct = default)
    {
        var inOrganization = db.Tenant.OrganizationId is not null && !db.Tenant.CrossOrganization;
        return (await db.Trunks.AsNoTracking().OrderBy(t => t.OrganizationId == null).ThenBy(t => t.Name).ToListAsync(ct))
            .Select(t => Row(t, hideCarrier: inOrganization && t.IsShared)).ToList();
    }

    public async Task<TrunkRow> GetAsync(Guid id, CancellationToken ct = default)
    {
        var trunk = await db.Trunks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Trunk");
        return Row(trunk, hideCarrier: db.Tenant.OrganizationId is not null && !db.Tenant.CrossOrganization && trunk.IsShared);
    }

    /// <summary>The organization's own trunks against <c>max_trunks</c> (shared trunks do not count).</summary>
    public async Task<LimitUsage> UsageAsync(CancellationToken ct = default)
    {
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");
        return new(await db.Trunks.CountAsync(t => t.OrganizationId == organizationId, ct),
            await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.MaxTrunks).FirstAsync(ct));
    }

    private static TrunkRow Row(Trunk t, bool hideCarrier) => new(t.Id, t.Name, t.IsShared, hideCarrier ? null : t.Host, t.Port, t.Transport,
        hideCarrier ? null : t.Username, !string.IsNullOrEmpty(t.Password), t.Register, hideCarrier ? [] : t.MatchList, t.MaxChannels);

    /// <summary>A trunk of the current organization.</summary>
    public async Task<Trunk> CreateAsync(Actor actor, TrunkInput input, CancellationToken ct = default)
    {
        AccessRules.ManageTrunk(actor, shared: false).ThrowIfDenied();
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");
        var valid = Validate(input, null);
        await using var tx = await db.BeginWriteAsync(ct);
        var limit = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.MaxTrunks).FirstAsync(ct);
        AccessRules.WithinLimit("trunks", limit, await db.Trunks.CountAsync(t => t.OrganizationId == organizationId, ct)).ThrowIfDenied();
        await EnsureNameFreeAsync(valid.Name, organizationId, null, ct);
        var trunk = new Trunk { OrganizationId = organizationId, Name = valid.Name, Host = valid.Host, CreatedAt = clock.GetUtcNow() };
        Apply(trunk, valid, input);
        db.Trunks.Add(trunk);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return trunk;
    }

    /// <summary>A shared trunk (platform managers): every organization's routes may use it and platform numbers arrive on it.</summary>
    public async Task<Trunk> CreateSharedAsync(Actor actor, TrunkInput input, CancellationToken ct = default)
    {
        AccessRules.ManageTrunk(actor, shared: true).ThrowIfDenied();
        var valid = Validate(input, null);
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        await EnsureNameFreeAsync(valid.Name, null, null, ct);
        var trunk = new Trunk { OrganizationId = null, Name = valid.Name, Host = valid.Host, CreatedAt = clock.GetUtcNow() };
        Apply(trunk, valid, input);
        db.Trunks.Add(trunk);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return trunk;
    }

    /// <summary>Changes a trunk the caller can see: the organization's own (its admins) or a shared one (platform managers).</summary>
    public async Task<Trunk> UpdateAsync(Actor actor, Guid id, TrunkInput input, CancellationToken ct = default)
    {
        var existing = await db.Trunks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Trunk");
        AccessRules.ManageTrunk(actor, existing.IsShared).ThrowIfDenied();
        var valid = Validate(input, existing);
        using var _ = existing.IsShared ? db.Tenant.AcrossOrganizations() : null;
        await using var tx = await db.BeginWriteAsync(ct);
        var trunk = await db.Trunks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Trunk");
        await EnsureNameFreeAsync(valid.Name, trunk.OrganizationId, id, ct);
        trunk.Name = valid.Name;
        trunk.Host = valid.Host;
        Apply(trunk, valid, input);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return trunk;
    }

    /// <summary>
    /// Deletes a trunk no number arrives on any more (409 otherwise: numbers first); routes and emergency numbers stop using
    /// it. Returns where it was used.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var existing = await db.Trunks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Trunk");
        AccessRules.ManageTrunk(actor, existing.IsShared).ThrowIfDenied();
        // A shared trunk is used by every organization's routes: remove it from all of them.
        using var _ = existing.IsShared ? db.Tenant.AcrossOrganizations() : null;
        await using var tx = await db.BeginWriteAsync(ct);
        var trunk = await db.Trunks.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Trunk");
        var numbers = await db.Dids.IgnoreQueryFilters().CountAsync(d => d.TrunkId == id, ct);
        if (numbers > 0)
            throw new RuleViolationException(Verdict.Conflict($"{numbers} {(numbers == 1 ? "number arrives" : "numbers arrive")} on this trunk; move or remove {(numbers == 1 ? "it" : "them")} first."));
        var routes = await db.OutboundRouteTrunks.Include(r => r.OutboundRoute).Include(r => r.Trunk).Where(r => r.TrunkId == id).ToListAsync(ct);
        var emergency = await db.EmergencyNumberTrunks.Include(e => e.EmergencyNumber).Include(e => e.Trunk).Where(e => e.TrunkId == id).ToListAsync(ct);
        var used = routes.Select(r => $"route {r.OutboundRoute!.Name}").Concat(emergency.Select(e => $"emergency number {e.EmergencyNumber!.Number}")).ToList();
        db.OutboundRouteTrunks.RemoveRange(routes);
        db.EmergencyNumberTrunks.RemoveRange(emergency);
        db.Trunks.Remove(trunk);
        if (used.Count > 0) audit.Note = "Was used by: " + string.Join(", ", used) + ".";
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return used;
    }

    private sealed record Valid(string Name, string Host, TrunkTransport Transport, string? Username, IReadOnlyList<string> Match);

    private static Valid Validate(TrunkInput input, Trunk? existing)
    {
        var errors = new FieldErrors();
        var name = SingleLineText.Clean(input.Name, errors, nameof(TrunkInput.Name));
        if (name.Length is < 1 or > 100) errors.Add(nameof(TrunkInput.Name), "Enter a name of 1 to 100 characters.");
        var host = input.Host?.Trim() ?? "";
        if (!TrunkAddress.IsHost(host)) errors.Add(nameof(TrunkInput.Host), "Enter the carrier's host name or IP address, like sip.carrier.example or 203.0.113.5.");
        errors.Range(nameof(TrunkInput.Port), input.Port, 1, 65_535, "");
        if (!Names.TryParseTransport(input.Transport, out var transport)) errors.Add(nameof(TrunkInput.Transport), "Choose udp, tcp or tls.");
        var username = string.IsNullOrWhiteSpace(input.Username) ? null : input.Username.Trim();
        if (username is not null && !TrunkAddress.IsUsername(username))
            errors.Add(nameof(TrunkInput.Username), "A username is 1 to 64 letters, digits, dots, dashes, underscores or plus signs.");
        if (!string.IsNullOrEmpty(input.Password) && !TrunkAddress.IsPassword(input.Password))
            errors.Add(nameof(TrunkInput.Password), "A password is 1 to 64 letters, digits and ! # % * + - . / : ? @ ^ _ ~ (other characters would be read as configuration syntax).");
        var hasPassword = !string.IsNullOrEmpty(input.Password) || !string.IsNullOrEmpty(existing?.Password);
        if (input.Register && (username is null || !hasPassword))
            errors.Add(nameof(TrunkInput.Register), "Registration needs the username and password the carrier gave you.");
        var match = new List<string>();
        foreach (var entry in input.InboundMatch.Where(m => !string.IsNullOrWhiteSpace(m)))
        {
            if (TrunkAddress.NormalizeMatch(entry) is { } normalized) match.Add(normalized);
            else errors.Add(nameof(TrunkInput.InboundMatch),
                $"\"{entry.Trim()}\" is not an IP address or a network of at most /{TrunkAddress.MinIpv4Prefix} (IPv6 /{TrunkAddress.MinIpv6Prefix}).");
        }
        if (match.Count > 20) errors.Add(nameof(TrunkInput.InboundMatch), "At most 20 addresses or networks.");
        errors.Range(nameof(TrunkInput.MaxChannels), input.MaxChannels, 0, 10_000, "calls (0 for no limit)");
        errors.ThrowIfAny();
        return new Valid(name, host, transport, username, match.Distinct().ToList());
    }

    private void Apply(Trunk trunk, Valid valid, TrunkInput input)
    {
        trunk.Port = input.Port;
        trunk.Transport = valid.Transport;
        trunk.Username = valid.Username;
        if (!string.IsNullOrEmpty(input.Password)) trunk.Password = credentials.Protect(input.Password);
        if (valid.Username is null) trunk.Password = null;
        trunk.Register = input.Register;
        trunk.InboundMatch = string.Join(',', valid.Match);
        trunk.MaxChannels = input.MaxChannels;
    }

    private async Task EnsureNameFreeAsync(string name, Guid? organizationId, Guid? except, CancellationToken ct)
    {
        if (await db.Trunks.AnyAsync(t => t.OrganizationId == organizationId && t.Name == name && t.Id != except, ct))
            throw new RuleViolationException(Verdict.Conflict($"A trunk named \"{name}\" already exists."));
    }
}
