using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// A person's account changes (name, e-mail, password, two-factor, recovery codes) belong to no organization, yet the owners
/// of every organization the person is in see them in their own audit log; the platform's log keeps one entry.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccountAuditTests(OpbxApp app)
{
    private Task<List<AuditEntry>> OrganizationLogAsync(Guid organizationId, Guid accountId) => app.InOrganizationAsync(organizationId, async sp =>
        (await sp.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Target: accountId.ToString(), PageSize: 500))).Items
            .Where(e => e.TargetType == "account").ToList());

    private Task<List<AuditEntry>> PlatformLogAsync(Guid accountId) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return (await sp.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Target: accountId.ToString(), PageSize: 500))).Items
            .Where(e => e.TargetType == "account").ToList();
    });

    [Fact]
    public async Task AMemberOfTwoOrganizationsRenamesThemselvesAndBothOrganizationsSeeIt()
    {
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        var third = await app.CreateOrganizationAsync();
        var email = $"two-places-{Guid.NewGuid():N}@example.test";
        var member = await app.AddMemberAsync(first.Organization.Id, "pbx_user", email);
        await app.AddMemberAsync(second.Organization.Id, "reporter", email);
        await app.AddMemberAsync(third.Organization.Id, "pbx_user");

        using (var session = await WebSession.SignInAsync(app, email, "Member-password-1"))
        {
            var saved = await session.PostFormAsync("/Identity/Account/Manage", new() { ["Input.Name"] = "Renamed Twice-Placed" }, "/Identity/Account/Manage");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode); // saved; a refused form would be shown again
        }

        static bool Renamed(AuditEntry e) => e.Action == "account.updated" && e.Changes.Contains("Renamed Twice-Placed");
        Assert.Single(await OrganizationLogAsync(first.Organization.Id, member.AccountId), Renamed);
        Assert.Single(await OrganizationLogAsync(second.Organization.Id, member.AccountId), Renamed);
        Assert.DoesNotContain(await OrganizationLogAsync(third.Organization.Id, member.AccountId), Renamed);
        Assert.Single(await PlatformLogAsync(member.AccountId), Renamed);
    }

    [Fact]
    public async Task PasswordAndRecoveryCodeChangesReachEveryOrganizationOfThePerson()
    {
        var first = await app.CreateOrganizationAsync();
        var second = await app.CreateOrganizationAsync();
        var email = $"secure-{Guid.NewGuid():N}@example.test";
        var member = await app.AddMemberAsync(first.Organization.Id, "pbx_user", email);
        await app.AddMemberAsync(second.Organization.Id, "pbx_user", email);
        var admin = await app.AdminActorAsync();

        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ResetPasswordAsync(admin, member.AccountId, "Another-password-9", false));
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(member.AccountId.ToString()))!, 10);
        });

        foreach (var organization in new[] { first, second })
        {
            var log = await OrganizationLogAsync(organization.Organization.Id, member.AccountId);
            Assert.Contains(log, e => e.Action == SecurityLog.PasswordReset);
            Assert.Contains(log, e => e.Action == SecurityLog.RecoveryCodesGenerated);
        }
        Assert.Single(await PlatformLogAsync(member.AccountId), e => e.Action == SecurityLog.RecoveryCodesGenerated);
    }
}
