using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Access;

/// <summary>Organization API keys: HTTP Basic, key id as user and secret as password; secrets stored only as hashes.</summary>
public sealed class ApiKeyService(OpbxDb db, UseNotes notes, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> AllScopes =
        ["users:read", "users:write", "compliance:read", "compliance:write", "audit:read", "config:read", "config:write",
         "pbx:read", "pbx:write", "pbx:credentials", "cdrs:read", "webhooks:read", "webhooks:write",
         "usage:read", "usage:write"];

    /// <summary>The current organization's keys, oldest first.</summary>
    public Task<List<ApiKey>> ListAsync(CancellationToken ct = default) => db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct);

    /// <summary>Adds a key to the current save; the caller saves (and owns the transaction).</summary>
    public async Task<IssuedApiKey> AddAsync(Organization organization, string name, IEnumerable<string> scopes, CancellationToken ct = default)
    {
        var existing = await db.ApiKeys.IgnoreQueryFilters().CountAsync(k => k.OrganizationId == organization.Id, ct);
        AccessRules.WithinLimit("API keys", organization.MaxApiKeys, existing).ThrowIfDenied();
        var secret = Secrets.NewToken("", 32);
        var key = new ApiKey
        {
            OrganizationId = organization.Id,
            KeyId = Secrets.NewToken("ok_", 9),
            Name = name,
            Scopes = string.Join(' ', scopes),
            SecretHash = Secrets.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        return new IssuedApiKey(key, secret);
    }

    /// <summary>Owners create keys for the current organization, with a name and scopes.</summary>
    public async Task<IssuedApiKey> CreateAsync(Actor actor, string name, IReadOnlyCollection<string> scopes, CancellationToken ct = default)
    {
        OwnerOnly(actor);
        var errors = new FieldErrors();
        name = SingleLineText.Clean(name, errors, "Name");
        if (name.Length is < 1 or > 100) errors.Add("Name", "Give the key a name of 1 to 100 characters.");
        if (scopes.Count == 0) errors.Add("Scopes", "Choose at least one scope.");
        foreach (var unknown in scopes.Except(AllScopes)) errors.Add("Scopes", $"{unknown} is not a scope; use {string.Join(", ", AllScopes)}.");
        errors.ThrowIfAny();
        // max_api_keys is counted under the write lock: two creates at the limit cannot both see room for one more.
        await using var tx = await db.BeginWriteAsync(ct);
        var organization = await db.Organizations.FirstAsync(o => o.Id == db.Tenant.OrganizationId, ct);
        var issued = await AddAsync(organization, name, scopes, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return issued;
    }

    /// <summary>A new secret; the old one is refused from the next request on.</summary>
    public async Task<IssuedApiKey> RotateAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        OwnerOnly(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException("API key");
        var secret = Secrets.NewToken("", 32);
        key.SecretHash = Secrets.Hash(secret);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IssuedApiKey(key, secret);
    }

    public async Task RevokeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        OwnerOnly(actor);
        await using var tx = await db.BeginWriteAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException("API key");
        db.ApiKeys.Remove(key);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The key and its organization when the secret matches (compared in constant time); null otherwise.</summary>
    public async Task<AuthenticatedKey?> AuthenticateAsync(string keyId, string secret, CancellationToken ct = default)
    {
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == keyId, ct);
        if (key is null || !Secrets.Matches(secret, key.SecretHash)) return null;
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == key.OrganizationId, ct);
        var now = clock.GetUtcNow();
        if (notes.Due(key.Id, key.LastUsedAt))
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        return new AuthenticatedKey(key, organization);
    }

    /// <summary>Counts one request against today's quota; the count after this request.</summary>
    public async Task<int> CountRequestAsync(Guid organizationId, DateOnly day, CancellationToken ct = default)
    {
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO ApiUsage (OrganizationId, Day, Requests) VALUES ({organizationId}, {day}, 1)
            ON CONFLICT (OrganizationId, Day) DO UPDATE SET Requests = Requests + 1
            RETURNING Requests AS Value
            """).ToListAsync(ct);
        return counts.Single();
    }

    private static void OwnerOnly(Actor actor) => AccessRules.ManageApiKeys(actor).ThrowIfDenied();
}
