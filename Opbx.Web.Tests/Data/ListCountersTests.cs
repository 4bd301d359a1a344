using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// The copies and counts the database keeps by triggers (members' name and email, member and extension counts per
/// organization, account tally) agree with the rows they summarize after every kind of change.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ListCountersTests(OpbxApp app)
{
    [Fact]
    public async Task CountsAndCopiesFollowEveryChange()
    {
        var admin = await app.AdminActorAsync();
        var created = await app.CreateOrganizationAsync();
        var orgId = created.Organization.Id;
        var first = await app.AddMemberAsync(orgId, "pbx_user", extension: "301");
        var second = await app.AddMemberAsync(orgId, "reporter", extension: "302");
        var third = await app.AddMemberAsync(orgId, "pbx_admin");
        Assert.Equal((4, 4, 2), await CountersAsync(orgId));

        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>()
            .UpdateAsync(admin, first.Id, new MemberUpdate { Status = "inactive", Name = "Renamed Person", Email = $"renamed-{Guid.NewGuid():N}@example.test" }));
        Assert.Equal((4, 3, 2), await CountersAsync(orgId));
        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().UpdateAsync(admin, second.Id, new MemberUpdate { Extension = "" }));
        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().DeleteAsync(admin, third.Id));
        Assert.Equal((3, 2, 2), await CountersAsync(orgId));

        // Platform-level changes: the tally moves between its four cells.
        var manager = await app.CreatePlatformManagerAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, second.AccountId, false));
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetPlatformManagerAsync(admin, manager.Id, false));
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().UpdateProfileAsync(admin, second.AccountId, "Profile Renamed",
            $"profile-{Guid.NewGuid():N}@example.test", null));
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().DeleteAsync(admin, manager.Id));
        // An account deleted on the platform takes its membership with it; the database unassigns the extension (SET NULL).
        var fourth = await app.AddMemberAsync(orgId, "pbx_user", extension: "304");
        await AssertAgreeAsync();
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().DeleteAsync(admin, fourth.AccountId));

        await AssertAgreeAsync();

        // Deleting the organization cascades through the triggers without leaving anything out of step.
        await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().DeleteAsync(admin, orgId, created.Organization.Name));
        await AssertAgreeAsync();
    }

    [Fact]
    public async Task ListsCountFromTheCountersAndSearchTheCopies()
    {
        var admin = await app.AdminActorAsync();
        var created = await app.CreateOrganizationAsync();
        var orgId = created.Organization.Id;
        var member = await app.AddMemberAsync(orgId, "pbx_user");
        var email = $"searchable-{Guid.NewGuid():N}@example.test";
        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>()
            .UpdateAsync(admin, member.Id, new MemberUpdate { Name = "Zoë Quartermaine", Email = email }));

        var byEmail = await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().ListAsync(new MemberListQuery(Search: email.ToUpperInvariant())));
        Assert.Equal("Zoë Quartermaine", Assert.Single(byEmail.Items).Name);
        var byName = await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().ListAsync(new MemberListQuery(Search: "quarterm")));
        Assert.Equal(member.Id, Assert.Single(byName.Items).Id);
        Assert.Equal(1, byName.Total);
        var pastTheEnd = await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().ListAsync(new MemberListQuery(Search: "quarterm", Page: 3)));
        Assert.Equal((0, 1), (pastTheEnd.Items.Count, pastTheEnd.Total));
        var seats = await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().SeatsAsync());
        Assert.Equal(2, seats.Active);

        // The platform list's totals come from the tally and the trigram index; they match a plain count.
        var counts = await ScalarsAsync("SELECT COUNT(*) FROM Accounts", "SELECT COUNT(*) FROM Accounts WHERE IsActive = 1");
        var all = await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ListAsync(new AccountListQuery()));
        var onlyActive = await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ListAsync(new AccountListQuery(Active: true)));
        Assert.Equal(counts, [all.Total, onlyActive.Total]);
        var found = await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ListAsync(new AccountListQuery(Search: "quartermaine")));
        Assert.Equal(member.AccountId, Assert.Single(found.Items).Id);
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task TheListSortedByExtensionFollowsRenumberingAndReassigning()
    {
        var admin = await app.AdminActorAsync();
        var orgId = (await app.CreateOrganizationAsync()).Organization.Id;
        var a = await app.AddMemberAsync(orgId, "reporter", extension: "310");
        var b = await app.AddMemberAsync(orgId, "reporter", extension: "320");
        var c = await app.AddMemberAsync(orgId, "reporter");
        Task<List<Guid>> SortedAsync(bool descending = false) => app.InOrganizationAsync(orgId, async sp =>
            (await sp.GetRequiredService<MemberService>().ListAsync(new MemberListQuery(Role: OrgRole.Reporter, Sort: "extension", Descending: descending)))
            .Items.Select(r => r.Id).ToList());
        Assert.Equal([c.Id, a.Id, b.Id], await SortedAsync());

        // B's extension is renumbered below A's and handed to C: B has none now, C sorts where the number does.
        await app.InOrganizationAsync(orgId, async sp =>
        {
            var extensionId = await sp.GetRequiredService<OpbxDb>().Extensions.Where(x => x.MembershipId == b.Id).Select(x => x.Id).SingleAsync();
            await sp.GetRequiredService<ExtensionService>().UpdateAsync(admin, extensionId, new ExtensionInput { Number = "305", Name = "Moved", MembershipId = c.Id });
        });
        Assert.Equal([b.Id, c.Id, a.Id], await SortedAsync());
        Assert.Equal([a.Id, c.Id, b.Id], await SortedAsync(descending: true));
        // A's own edit takes the extension away; a new one for B through the member's edit.
        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().UpdateAsync(admin, a.Id, new MemberUpdate { Extension = "" }));
        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().UpdateAsync(admin, b.Id, new MemberUpdate { Extension = "300" }));
        Assert.Equal([a.Id, b.Id, c.Id], await SortedAsync());
        await AssertAgreeAsync();
    }

    [Fact]
    public async Task APasswordEndsThePendingInvitationHoweverItIsSet()
    {
        var admin = await app.AdminActorAsync();
        var created = await app.CreateOrganizationAsync();
        var orgId = created.Organization.Id;
        var invited = await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().AddAsync(admin,
            new NewMember { Name = "Ivy Invited", Email = $"ivy-{Guid.NewGuid():N}@example.test", Role = "pbx_user", SendInvitation = true }));
        var withPassword = await app.AddMemberAsync(orgId, "reporter");
        Assert.Equal([1, 0], await ScalarsAsync(
            $"SELECT InvitedAt IS NOT NULL FROM Memberships WHERE Id = '{invited.Id.ToString().ToUpperInvariant()}'",
            $"SELECT InvitedAt IS NOT NULL FROM Memberships WHERE Id = '{withPassword.Id.ToString().ToUpperInvariant()}'"));

        await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<MemberService>().ResetPasswordAsync(admin, invited.Id, "Chosen-password-1", false));
        Assert.Equal([0], await ScalarsAsync($"SELECT InvitedAt IS NOT NULL FROM Memberships WHERE Id = '{invited.Id.ToString().ToUpperInvariant()}'"));
    }

    // Page, size, rows on it: the total a short page tells, or null (count).
    [Theory]
    [InlineData(1, 25, 10, 10)]
    [InlineData(1, 25, 0, 0)]
    [InlineData(3, 25, 7, 57)]
    [InlineData(1, 25, 25, null)]
    [InlineData(4, 25, 0, null)]
    public void AShortPageTellsTheTotal(int page, int size, int rows, int? total) => Assert.Equal(total, PageReader.TotalShownBy(page, size, rows));

    // Matches, accounts, rows the page needs, µs to check one account, walk the name index?
    [Theory]
    [InlineData(22_000, 105_000, 25, 20, true)]      // "ana" checked by the index: a fifth of everyone matches, the first page is a short walk away
    [InlineData(22_000, 105_000, 12_500, 20, false)] // page 500 of it: sorting the matches is cheaper than the walk
    [InlineData(22_000, 105_000, 12_500, 2, false)]  // even with LIKE checking each account
    [InlineData(105_000, 105_000, 12_500, 2, true)]  // everyone matches (the e-mail domain): page 500 is a walk of 12,500
    [InlineData(10_500, 105_000, 25, 60, false)]     // "okafö": each check reads three trigrams' lists
    [InlineData(10_000, 105_000, 25, 2, true)]       // "user00", checked by LIKE
    [InlineData(128, 105_000, 25, 2, false)]         // a surname and number: look up 128 rows and sort them
    [InlineData(0, 105_000, 25, 2, false)]
    public void BroadSearchesWalkTheNameIndex(int matches, int accounts, int rowsNeeded, int checkMicros, bool walk) =>
        Assert.Equal(walk, AccountSearch.WalkNameIndex(matches, accounts, rowsNeeded, checkMicros));

    [Fact]
    public async Task EverySearchPlanFindsTheSameAccounts()
    {
        var marker = "Zyx" + Guid.NewGuid().ToString("N")[..5];
        var created = await app.CreateOrganizationAsync();
        for (var i = 0; i < 3; i++) await app.AddMemberAsync(created.Organization.Id, "pbx_user", email: $"{marker.ToLowerInvariant()}{i}@example.test");
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var search = await AccountSearch.RunAsync(db, marker, default);
            Assert.Equal(3, search.Matches);
            Assert.Equal(AccountSearch.Plan.Rowids, await search.ChooseAsync(db, 100_000, 25, false, default));
            var results = new List<List<Guid>>();
            foreach (var plan in Enum.GetValues<AccountSearch.Plan>())
            {
                results.Add(await search.Matching(db, plan).OrderBy(a => a.Name).Select(a => a.Id).ToListAsync());
            }
            Assert.Equal(3, results[0].Count);
            Assert.All(results, r => Assert.Equal(results[0], r));

            // The nightly merge of the index leaves it whole and finding the same accounts.
            await SearchIndex.MergeAsync(db);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO AccountSearch(AccountSearch, rank) VALUES ('integrity-check', 1)");
            var merged = await AccountSearch.RunAsync(db, marker, default);
            Assert.Equal(results[0], await merged.Matching(db, AccountSearch.Plan.Rowids).OrderBy(a => a.Name).Select(a => a.Id).ToListAsync());
        });
    }

    // A walk in name order checks ASCII text with LIKE, which folds ASCII case only; an account whose name holds other
    // characters is checked by the index, which folds the Kelvin sign to k and Ë to ë. Every plan that reads the index
    // finds the same accounts (the LIKE plan serves text too short for it).
    [Theory]
    [InlineData(" kelvin", 3)]
    [InlineData(" ZOË", 2)]
    [InlineData(" zoe", 1)]
    public async Task AWalkInNameOrderFindsWhatTheIndexFinds(string text, int expected)
    {
        var marker = "Qk" + Guid.NewGuid().ToString("N")[..5];
        var created = await app.CreateOrganizationAsync();
        string[] names = ["Kelvin", "KELVIN", "\u212Aelvin", "Zoë", "ZOË", "Zoe"];
        foreach (var name in names) await app.AddMemberAsync(created.Organization.Id, "pbx_user", name: $"{marker} {name}");
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var search = await AccountSearch.RunAsync(db, marker + text, default);
            Assert.Equal(expected, search.Matches);
            var found = new List<List<string>>();
            foreach (var plan in Enum.GetValues<AccountSearch.Plan>().Where(p => p != AccountSearch.Plan.Like))
            {
                found.Add(await search.Matching(db, plan).OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
            }
            Assert.Equal(expected, found[0].Count);
            Assert.All(found, f => Assert.Equal(found[0], f));
        });
    }

    [Fact]
    public async Task ALargeOrganizationsSearchLooksUpItsOwnMembersFromTheIndex()
    {
        var marker = "Qvw" + Guid.NewGuid().ToString("N")[..5];
        var email = marker.ToLowerInvariant();
        var mine = await app.CreateOrganizationAsync();
        var other = await app.CreateOrganizationAsync();
        // One account in both organizations, and one more member in each.
        await app.AddMemberAsync(mine.Organization.Id, "pbx_user", email: $"{email}0@example.test");
        await app.AddMemberAsync(other.Organization.Id, "pbx_user", email: $"{email}0@example.test");
        await app.AddMemberAsync(mine.Organization.Id, "reporter", email: $"{email}1@example.test");
        await app.AddMemberAsync(other.Organization.Id, "reporter", email: $"{email}2@example.test");
        await app.InOrganizationAsync(mine.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var search = await AccountSearch.RunAsync(db, marker.ToUpperInvariant(), default);
            Assert.Equal(3, search.Matches);
            // Three matches are few against 60 members, not against 59: there the organization's own scan is cheaper.
            Assert.Null(search.FewMembers(db, 59));
            var fromIndex = await search.FewMembers(db, 60)!.OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
            var scanned = await db.Memberships.Where(m => m.Account!.Email!.StartsWith(email)).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
            Assert.Equal(2, scanned.Count);
            Assert.Equal(scanned, fromIndex);
        });
    }

    private async Task AssertAgreeAsync()
    {
        var mismatches = await ScalarsAsync(
            """
            SELECT COUNT(*) FROM Organizations o
            WHERE MemberCount <> (SELECT COUNT(*) FROM Memberships WHERE OrganizationId = o.Id)
               OR ActiveMemberCount <> (SELECT COUNT(*) FROM Memberships WHERE OrganizationId = o.Id AND Status = 'Active')
               OR ExtensionCount <> (SELECT COUNT(*) FROM Extensions WHERE OrganizationId = o.Id)
               OR AssignedExtensionCount <> (SELECT COUNT(*) FROM Extensions WHERE OrganizationId = o.Id AND MembershipId IS NOT NULL)
            """,
            """
            SELECT COUNT(*) FROM AccountTally t
            WHERE Count <> (SELECT COUNT(*) FROM Accounts WHERE IsActive = t.IsActive AND IsPlatformManager = t.IsPlatformManager)
            """,
            "SELECT COUNT(*) FROM Memberships m JOIN Accounts a ON a.Id = m.AccountId WHERE m.AccountName IS NOT a.Name OR m.AccountEmail IS NOT a.Email",
            "SELECT COUNT(*) FROM Memberships m WHERE m.ExtensionNumber IS NOT (SELECT Number FROM Extensions WHERE MembershipId = m.Id)",
            "SELECT COUNT(*) FROM AccountTally");
        // Organizations, tally cells, member name copies and extension copies out of step; then the number of tally cells.
        Assert.Equal([0, 0, 0, 0, 4], mismatches);
    }

    private async Task<(int Members, int Active, int Extensions)> CountersAsync(Guid orgId)
    {
        var id = orgId.ToString().ToUpperInvariant();
        var counts = await ScalarsAsync(
            $"SELECT MemberCount FROM Organizations WHERE Id = '{id}'",
            $"SELECT ActiveMemberCount FROM Organizations WHERE Id = '{id}'",
            $"SELECT ExtensionCount FROM Organizations WHERE Id = '{id}'");
        return (counts[0], counts[1], counts[2]);
    }

    private async Task<List<int>> ScalarsAsync(params string[] queries)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "opbx.db")}");
        await connection.OpenAsync();
        var values = new List<int>();
        foreach (var sql in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            values.Add(Convert.ToInt32(await command.ExecuteScalarAsync()));
        }
        return values;
    }
}
