using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.Access;

public sealed record IssuedApiKey(ApiKey Key, string Secret);

/// <summary>Organization API keys: HTTP Basic, key id as user and secret as password.</summary>
public sealed class ApiKeyService(OpbxDb db, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> AllScopes =
        ["users:read", "users:write", "pbx:read", "pbx:write", "cdrs:read", "compliance:read", "compliance:write", "audit:read"];

    /// <summary>Adds a key to the current save; the caller saves (and owns the transaction).</summary>
    public async Task<IssuedApiKey> AddAsync(Organization organization, string name, IEnumerable<string> scopes, CancellationToken ct = default)
    {
        var existing = await db.ApiKeys.IgnoreQueryFilters().CountAsync(k => k.OrganizationId == organization.Id, ct);
        Rules.AccessRules.WithinLimit("API keys", organization.MaxApiKeys, existing).ThrowIfDenied();
        var secret = Secrets.NewToken("", 32);
        var key = new ApiKey
        {
            OrganizationId = organization.Id, KeyId = Secrets.NewToken("ok_", 9), Name = name, Scopes = string.Join(' ', scopes),
            SecretHash = Secrets.Hash(secret), CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        return new IssuedApiKey(key, secret);
    }
}
