using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.Access;

/// <summary>Platform managers' personal access tokens for the platform API.</summary>
public sealed class PlatformTokenService(OpbxDb db, UseNotes notes, TimeProvider clock)
{
    public const string Prefix = "opbx_pt_";

    /// <summary>The account's tokens, live ones first, newest first.</summary>
    public Task<List<PlatformToken>> ListAsync(Guid accountId, CancellationToken ct = default) =>
        db.PlatformTokens.AsNoTracking().Where(t => t.AccountId == accountId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt).ToListAsync(ct);

    public async Task<IssuedToken> CreateAsync(Actor actor, Guid accountId, string name, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        name = SingleLineText.Clean(name, errors, "Name");
        if (name.Length is < 1 or > 100) errors.Add("Name", "Give the token a name of 1 to 100 characters.");
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await db.Users.FirstOrDefaultAsync(a => a.Id == accountId, ct) ?? throw new NotFoundException("Account");
        if (!account.IsPlatformManager) throw new RuleViolationException(Verdict.Forbid("Only platform managers can hold platform tokens."));
        var plain = Secrets.NewToken(Prefix);
        var token = new PlatformToken
        {
            AccountId = accountId,
            Name = name,
            Prefix = plain[..(Prefix.Length + 6)],
            TokenHash = Secrets.Hash(plain),
            CreatedAt = clock.GetUtcNow(),
        };
        db.PlatformTokens.Add(token);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IssuedToken(token, plain);
    }

    public async Task RevokeAsync(Actor actor, Guid tokenId, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var token = await db.PlatformTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.AccountId == actor.AccountId, ct)
            ?? throw new NotFoundException("Token");
        if (token.RevokedAt is not null) return;
        token.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The live token for this plain text, with its account, when that account may still use it.</summary>
    public async Task<PlatformToken?> AuthenticateAsync(string plain, CancellationToken ct = default)
    {
        if (!plain.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var hash = Secrets.Hash(plain);
        var token = await db.PlatformTokens.Include(t => t.Account).FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.RevokedAt is not null || token.Account is not { IsActive: true, IsPlatformManager: true }) return null;
        var now = clock.GetUtcNow();
        if (notes.Due(token.Id, token.LastUsedAt))
        {
            await db.PlatformTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return token;
    }
}
