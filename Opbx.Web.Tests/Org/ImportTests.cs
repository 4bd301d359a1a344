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
            Good One,good1@example.test,pbx_user,
            Bad Mail,not-an-email,pbx_user,
            Wrong Case,case@example.test,Reporter,
            Letters,letters@example.test,pbx_user,12a
            Taken,taken@example.test,pbx_user,200
            Good One Again,GOOD1@example.test,pbx_user,
            No Seat,noseat@example.test,pbx_user,
            Boss,boss@example.test,owner,
            """;
        var plan = await PlanAsync(org, csv.Replace("@example.test", $"-{Guid.NewGuid():N}@example.test").Replace("GOOD1-", "good1-"),
            Actor.Person(admin.AccountId, false, OrgRole.PbxAdmin));
        string Message(int line) => plan.Rows.Single(r => r.Line == line).Message;
        Assert.Equal(ImportOutcome.Create, plan.Rows.Single(r => r.Line == 2).Outcome);
        Assert.Contains("not a valid email", Message(3));
        Assert.Contains("\"Reporter\" is not a role", Message(4));
        Assert.Contains("2 to 6 digits", Message(5));
        Assert.Contains("belongs to another member", Message(6));
        Assert.Contains("also on line 2", Message(7));
        Assert.Contains("No seat left", Message(8));
        Assert.Equal(AccessRules.AdminGrants, Message(9));
        Assert.False(plan.CanApply);
        await Assert.ThrowsAsync<ValidationException>(() => app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberCsv>().ApplyAsync(Owner(org), Encoding.UTF8.GetBytes(csv), false);
        }));
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
