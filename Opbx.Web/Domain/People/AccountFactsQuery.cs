using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

/// <summary>Reads the facts the rules need about accounts and memberships (counts of owners and platform managers).</summary>
public static class AccountFactsQuery
{
    public static Task<int> ActivePlatformManagersAsync(this OpbxDb db, CancellationToken ct) =>
        db.Users.CountAsync(a => a.IsPlatformManager && a.IsActive, ct);

    /// <summary>
    /// The organization's active owners, counted up to two: the rules only ask whether a member is the last one, and
    /// counting them all read every owner's account on each member list page (941 owners in the bench's organization).
    /// The first two in the order of the (organization, role, joined) index, so SQLite stops at the second; one compiled
    /// statement, as it runs on every member list page and before every change of a role or status.
    /// </summary>
    public static async Task<int> ActiveOwnersAsync(this OpbxDb db, Guid organizationId, CancellationToken ct) =>
        await FirstTwoActiveOwners.Run(db, organizationId).CountAsync(ct);

    private static readonly CompiledQuery<Guid, Guid> FirstTwoActiveOwners = new((db, organizationId) => db.Memberships.IgnoreQueryFilters()
        .Where(m => m.OrganizationId == organizationId && m.Role == OrgRole.Owner && m.Status == MembershipStatus.Active && m.Account!.IsActive)
        .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(2));

    public static async Task<AccountFacts> FactsAsync(this OpbxDb db, Account account, CancellationToken ct)
    {
        var lastOwner = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.AccountId == account.Id && m.Role == OrgRole.Owner && m.Status == MembershipStatus.Active)
            .AnyAsync(m => db.Memberships.IgnoreQueryFilters().Count(o => o.OrganizationId == m.OrganizationId && o.Role == OrgRole.Owner
                                                                          && o.Status == MembershipStatus.Active && o.Account!.IsActive) <= 1, ct);
        return new AccountFacts(account.Id, account.IsPlatformManager, account.IsActive, lastOwner);
    }
}
