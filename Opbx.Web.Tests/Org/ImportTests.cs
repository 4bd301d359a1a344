using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Org;

[Collection(AppCollection.Name)]
public sealed partial class ImportTests(OpbxApp app)
{
    private static Actor Owner(Domain.Organizations.CreatedOrganization org) => Actor.Person(org.Owner.Id, false, OrgRole.Owner);

    private Task<ImportPlan> PlanAsync(Domain.Organizations.CreatedOrganization org, string csv, Actor? actor = null) =>
        app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberCsv>().PlanAsync(actor ?? Owner(org), Encoding.UTF8.GetBytes(csv));
        });

    [Fact]
    public async Task DryRunThenApplyInOneGoAndReimportingChangesNothing()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 4);
        var existing = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "100");
        var csv = $"""
            name,email,role,extension
            Ann Import,ann-{Guid.NewGuid():N}@example.test,pbx_user,101
            Bob Import,bob-{Guid.NewGuid():N}@example.test,reporter,
            {existing.Account!.Name} Renamed,{existing.Account.Email!.ToUpperInvariant()},reporter,100
            """;
        using var session = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var import = $"/Org/{org.Organization.Id}/Users/Import";
        var check = await session.PostFileAsync($"{import}?handler=Check", "file", "people.csv", Encoding.UTF8.GetBytes(csv), import);
        var html = WebUtility.HtmlDecode(await check.Content.ReadAsStringAsync());
        Assert.Contains("Would create", html);
        Assert.Contains("Role pbx_user → reporter", html);
        Assert.Equal(0, await CountMembersAsync(org.Organization.Id, "Import"));   // a dry run writes nothing

        var content = ContentPattern().Match(await check.Content.ReadAsStringAsync()).Groups[1].Value;
        var apply = await session.PostFormAsync($"{import}?handler=Apply", new() { ["content"] = content, ["invite"] = "false" }, pagePath: import);
        Assert.Contains("Imported: 2 created and 1 updated", await apply.Content.ReadAsStringAsync());
        Assert.Equal(2, await CountMembersAsync(org.Organization.Id, "Import"));

        var again = await PlanAsync(org, csv);
        Assert.Equal(3, again.Count(ImportOutcome.Unchanged));
        Assert.False(again.CanApply);
    }

    [Fact]
    public async Task RowsAreCheckedAgainstTheRulesAndSeats()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 3);
        var admin = await app.AddMemberAsync(org.Organization.Id, "pbx_admin");
        var taken = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "200");
        await app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberService>().UpdateAsync(Owner(org), taken.Id, new MemberUpdate { Status = "inactive" });
        });
        var csv = """
            name,email,role,extension
            Taken,taken@example.test,pbx_user,200
            Bad Mail,not-an-email,pbx_user,
            Wrong Case,case@example.test,Reporter,
            Letters,letters@example.test,pbx_user,12a
            Good One,good1@example.test,pbx_user,
            Good One Again,GOOD1@example.test,pbx_user,
            No Seat,noseat@example.test,pbx_user,
            Boss,boss@example.test,owner,
            """;
        var plan = await PlanAsync(org, csv.Replace("@example.test", $"-{Guid.NewGuid():N}@example.test").Replace("GOOD1-", "good1-"),
            Actor.Person(admin.AccountId, false, OrgRole.PbxAdmin));
        string Message(int line) => plan.Rows.Single(r => r.Line == line).Message;
        Assert.Equal(ImportOutcome.Create, plan.Rows.Single(r => r.Line == 6).Outcome);
        // Each row's verdict is the single add's, in its words.
        Assert.Contains("Enter a valid email address", Message(3));
        Assert.Contains("Choose a role", Message(4));
        Assert.Contains("2 to 6 digits", Message(5));
        Assert.Contains("Extension 200 is already taken", Message(2));
        Assert.Contains("also on line 6", Message(7));
        Assert.Contains("limit of 3 users is reached", Message(8));
        Assert.Equal(AccessRules.AdminGrants, Message(9));
        Assert.False(plan.CanApply);
        await Assert.ThrowsAsync<ValidationException>(() => app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberCsv>().ApplyAsync(Owner(org), Encoding.UTF8.GetBytes(csv), false);
        }));
    }

    [Fact]
    public async Task ARowIsASingleAddSoAPersonWithAnAccountIsToldTheyWereAdded()
    {
        // The single add tells a person who already has an account that they were added; an import with invitations
        // adds through the same code, so it does too (the re-implemented import invited only new accounts).
        var elsewhere = await app.CreateOrganizationAsync();
        var known = await app.AddMemberAsync(elsewhere.Organization.Id, "pbx_user");
        var org = await app.CreateOrganizationAsync(name: "Import Harbour " + Guid.NewGuid().ToString("N")[..6]);
        var fresh = $"fresh-{Guid.NewGuid():N}@example.test";
        var csv = $"name,email,role,extension\nKnown Person,{known.Account!.Email},reporter,\nFresh Person,{fresh},pbx_user,\n";
        var plan = await app.InOrganizationAsync(org.Organization.Id, sp =>
            sp.GetRequiredService<MemberCsv>().ApplyAsync(Owner(org), Encoding.UTF8.GetBytes(csv), sendInvitations: true));
        Assert.Equal(2, plan.Count(ImportOutcome.Create));
        await app.Mail.WaitForAsync(known.Account.Email!, $"You now have access to {org.Organization.Name}");
        await app.Mail.WaitForAsync(fresh, org.Organization.Name);
    }

    [Fact]
    public async Task ARefusedRowLeavesNoTraceAndTheDryRunNone()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 5);
        var email = $"half-{Guid.NewGuid():N}@example.test";
        // Line 2 is written (account, membership, extension 301) before line 3 is refused: nothing of either may stay.
        var csv = $"name,email,role,extension\nHalf Way,{email},pbx_user,301\nNo Role,nr-{Guid.NewGuid():N}@example.test,boss,\n";
        var plan = await PlanAsync(org, csv);
        Assert.Equal([ImportOutcome.Create, ImportOutcome.Error], plan.Rows.Select(r => r.Outcome));
        await Assert.ThrowsAsync<ValidationException>(() => app.InOrganizationAsync(org.Organization.Id, sp =>
            sp.GetRequiredService<MemberCsv>().ApplyAsync(Owner(org), Encoding.UTF8.GetBytes(csv), false)));
        var traces = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            return (await db.Users.CountAsync(a => a.Email == email),
                await db.Extensions.IgnoreQueryFilters().CountAsync(x => x.OrganizationId == org.Organization.Id && x.Number == "301"),
                await db.AuditEntries.CountAsync(e => e.OrganizationId == org.Organization.Id && e.TargetName == email));
        });
        Assert.Equal((0, 0, 0), traces);
    }

    [Theory]
    [InlineData("name,email\nA,a@example.test\n", "missing: role")]
    [InlineData("", "empty")]
    [InlineData("name,email,role\n", "no rows")]
    public async Task BrokenFilesAreExplained(string csv, string expected)
    {
        var org = await app.CreateOrganizationAsync();
        var plan = await PlanAsync(org, csv);
        Assert.Contains(expected, plan.FileError);
    }

    [Fact]
    public async Task WrongEncodingAndTooManyRowsAreExplained()
    {
        var org = await app.CreateOrganizationAsync();
        var latin1 = Encoding.Latin1.GetBytes("name,email,role\nJosé Müller,jose@example.test,pbx_user\n");
        var plan = await app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberCsv>().PlanAsync(Owner(org), latin1);
        });
        Assert.Contains("not UTF-8", plan.FileError);

        var big = new StringBuilder("name,email,role,extension\n");
        for (var i = 0; i < 10_000; i++) big.Append($"Person {i},p{i}@example.test,pbx_user,\n");
        var tooMany = await PlanAsync(org, big.ToString());
        Assert.Contains("10,000 rows", tooMany.FileError);
    }

    private Task<int> CountMembersAsync(Guid organizationId, string nameContains) => app.InOrganizationAsync(organizationId, async sp =>
    {
        return await sp.GetRequiredService<OpbxDb>().Memberships.CountAsync(m => m.Account!.Name.Contains(nameContains));
    });

    [GeneratedRegex("name=\"content\" value=\"([^\"]+)\"")]
    private static partial Regex ContentPattern();
}
