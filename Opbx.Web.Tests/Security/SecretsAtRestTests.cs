using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>Authenticator keys encrypted, recovery codes hashed, and the data folder readable by its owner only.</summary>
[Collection(AppCollection.Name)]
public sealed class SecretsAtRestTests(OpbxApp app)
{
    private Task<string?> StoredTokenAsync(Guid accountId, string name) => app.WithScopeAsync(sp =>
        sp.GetRequiredService<OpbxDb>().Set<IdentityUserToken<Guid>>()
            .Where(t => t.UserId == accountId && t.Name == name).Select(t => t.Value).SingleOrDefaultAsync());

    [Fact]
    public async Task TheAuthenticatorKeyIsStoredEncrypted()
    {
        var created = await app.CreateOrganizationAsync();
        var key = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(created.Owner.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(account);
            return (await users.GetAuthenticatorKeyAsync(account))!;
        });
        Assert.Matches("^[A-Z2-7]{32}$", key);
        var stored = await StoredTokenAsync(created.Owner.Id, "AuthenticatorKey");
        Assert.NotNull(stored);
        Assert.DoesNotContain(key, stored);
        Assert.StartsWith("dp1:", stored);
    }

    [Fact]
    public async Task RecoveryCodesAreStoredHashedAndWorkOnce()
    {
        var created = await app.CreateOrganizationAsync();
        var codes = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(created.Owner.Id.ToString()))!;
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!.ToList();
        });
        var stored = await StoredTokenAsync(created.Owner.Id, "RecoveryCodes");
        Assert.NotNull(stored);
        Assert.All(codes, code => Assert.DoesNotContain(code, stored));
        var generated = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var id = created.Owner.Id.ToString();
            // The platform's entry; each organization the person is in gets a copy (AccountAuditTests).
            return await db.AuditEntries.CountAsync(a => a.TargetId == id && a.OrganizationId == null && a.Action == Opbx.Domain.Audit.SecurityLog.RecoveryCodesGenerated);
        });
        Assert.Equal(1, generated);

        async Task<(bool Redeemed, int Left)> RedeemAsync(string code) => await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(created.Owner.Id.ToString()))!;
            var redeemed = (await users.RedeemTwoFactorRecoveryCodeAsync(account, code)).Succeeded;
            return (redeemed, await users.CountRecoveryCodesAsync(account));
        });
        Assert.Equal((true, 9), await RedeemAsync(codes[3]));
        Assert.Equal((false, 9), await RedeemAsync(codes[3]));
        Assert.Equal((false, 9), await RedeemAsync("not-a-code"));
    }

    [Fact]
    public void TheDataFolderIsTheOwnersOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(app.DataDirectory));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(app.DataDirectory, "keys")));
        var files = new[] { "opbx.db", "jobs.db" }.Select(f => Path.Combine(app.DataDirectory, f))
            .Concat(Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"))).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), file);
    }
}
