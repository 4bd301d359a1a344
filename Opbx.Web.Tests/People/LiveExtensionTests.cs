using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain.Pbx;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.People;

/// <summary>
/// "The member's extension is live" is one condition (<see cref="LiveExtension"/>): the users list and the member's own home
/// answer the same for every case, the organization's status included (the home's copy used to leave it out).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LiveExtensionTests(OpbxApp app)
{
    public static TheoryData<bool, MembershipStatus, bool, OrganizationStatus, bool> Cases => new()
    {
        { true, MembershipStatus.Active, true, OrganizationStatus.Active, true },
        { false, MembershipStatus.Active, true, OrganizationStatus.Active, false },
        { true, MembershipStatus.Inactive, true, OrganizationStatus.Active, false },
        { true, MembershipStatus.Active, false, OrganizationStatus.Active, false },
        { true, MembershipStatus.Active, true, OrganizationStatus.Suspended, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheConditionInMemory(bool extension, MembershipStatus status, bool accountActive, OrganizationStatus organization, bool live)
    {
        var m = new Membership
        {
            Status = status,
            Account = new Account { IsActive = accountActive },
            Organization = new Organization { Name = "Org", Slug = "org", Status = organization },
            Extension = extension ? new Extension { Number = "201" } : null,
        };
        Assert.Equal(live, LiveExtension.Of(m));
    }

    [Fact]
    public async Task TheUsersListAndTheMembersHomeAgreeInSql()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "201");

        async Task<(bool List, bool Home)> LiveAsync() => await app.InOrganizationAsync(org.Organization.Id, async sp =>
            ((await sp.GetRequiredService<MemberService>().GetRowAsync(member.Id)).ExtensionLive,
                (await sp.GetRequiredService<OrganizationDashboard>().ForMemberAsync(member.AccountId)).ExtensionLive));
        async Task ChangeAsync(Func<OpbxDb, Task> change) => await app.WithScopeAsync(async sp =>
        {
            using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
            var db = sp.GetRequiredService<OpbxDb>();
            await change(db);
            await db.SaveChangesAsync();
        });

        Assert.Equal((true, true), await LiveAsync());
        await ChangeAsync(async db => (await db.Organizations.SingleAsync(o => o.Id == org.Organization.Id)).Status = OrganizationStatus.Suspended);
        Assert.Equal((false, false), await LiveAsync());
        await ChangeAsync(async db => (await db.Organizations.SingleAsync(o => o.Id == org.Organization.Id)).Status = OrganizationStatus.Active);
        await ChangeAsync(async db => (await db.Memberships.SingleAsync(m => m.Id == member.Id)).Status = MembershipStatus.Inactive);
        Assert.Equal((false, false), await LiveAsync());
        await ChangeAsync(async db => (await db.Memberships.SingleAsync(m => m.Id == member.Id)).Status = MembershipStatus.Active);
        Assert.Equal((true, true), await LiveAsync());
    }
}
