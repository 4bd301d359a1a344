using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// The member list asks on every page whether a member is the organization's last active owner. Counting every owner read
/// each owner's account (941 owners in the bench's organization: 30–50 ms of a page); the count stops at two.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ActiveOwnersTests(OpbxApp app)
{
    [Fact]
    public async Task ActiveOwnersAreCountedUpToTwo()
    {
        var created = await app.CreateOrganizationAsync();
        var orgId = created.Organization.Id;
        Assert.Equal(1, await ActiveOwnersAsync(orgId));

        await app.AddMemberAsync(orgId, "owner");
        await app.AddMemberAsync(orgId, "owner");
        await app.AddMemberAsync(orgId, "owner");
        Assert.Equal(2, await ActiveOwnersAsync(orgId));
    }

    private Task<int> ActiveOwnersAsync(Guid organizationId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().ActiveOwnersAsync(organizationId, default));
}
