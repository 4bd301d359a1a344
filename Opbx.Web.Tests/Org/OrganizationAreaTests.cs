using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Org;

[Collection(AppCollection.Name)]
public sealed class OrganizationAreaTests(OpbxApp app)
{
    private const string OwnerPassword = "Owner-password-1";

    private static Dictionary<string, string> Form(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task EveryOrganizationRouteIsNotFoundForAnotherOrganizationsMember()
    {
        var a = await app.CreateOrganizationAsync();
        var b = await app.CreateOrganizationAsync();
        var memberOfB = await app.AddMemberAsync(b.Organization.Id, "pbx_user");
        using var ownerOfA = await WebSession.SignInAsync(app, a.Owner.Email!, OwnerPassword);
        var bId = b.Organization.Id;
        foreach (var path in new[]
                 {
                     $"/Org/{bId}", $"/Org/{bId}/Users", $"/Org/{bId}/Users/New", $"/Org/{bId}/Users/{memberOfB.Id}", $"/Org/{bId}/Users/Import",
                     $"/Org/{bId}/Profile", $"/Org/{bId}/Settings", $"/Org/{bId}/Settings/Audit", $"/Org/{bId}/Users?handler=Csv",
                     $"/Org/{bId}/Users?handler=EditRow&id={memberOfB.Id}",
                 })
        {
            Assert.True(HttpStatusCode.NotFound == (await ownerOfA.GetAsync(path)).StatusCode, path);
        }
        // Their own organization's pages with the other organization's member id: also not found.
        var aId = a.Organization.Id;
        Assert.Equal(HttpStatusCode.NotFound, (await ownerOfA.GetAsync($"/Org/{aId}/Users/{memberOfB.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ownerOfA.GetAsync($"/Org/{aId}/Users?handler=EditRow&id={memberOfB.Id}")).StatusCode);
        var post = await ownerOfA.PostFormAsync($"/Org/{aId}/Users/{memberOfB.Id}?handler=Delete", Form(), pagePath: $"/Org/{aId}/Users");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var save = await ownerOfA.PostFormAsync($"/Org/{aId}/Users?handler=SaveRow&id={memberOfB.Id}", Form(("name", "Hijacked")), pagePath: $"/Org/{aId}/Users");
        Assert.Equal(HttpStatusCode.NotFound, save.StatusCode);
        var bulk = await ownerOfA.PostFormAsync($"/Org/{aId}/Users?handler=Bulk", Form(("action", "delete"), ("selected", memberOfB.Id.ToString())), pagePath: $"/Org/{aId}/Users");
        Assert.Contains("Not found in this organization", await bulk.Content.ReadAsStringAsync());
        var still = await app.InOrganizationAsync(bId, async sp =>
        {
            return await sp.GetRequiredService<OpbxDb>().Memberships.AnyAsync(m => m.Id == memberOfB.Id);
        });
        Assert.True(still);
    }

    [Fact]
    public async Task APlatformManagerOpeningAnOrganizationIsRecordedInItsAuditLog()
    {
        var org = await app.CreateOrganizationAsync();
        var orgId = org.Organization.Id;
        using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Org/{orgId}/Users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Org/{orgId}")).StatusCode);

        // Once per manager and day, in the organization's own log, where its owner can read it.
        var entries = await app.InOrganizationAsync(orgId, sp =>
            sp.GetRequiredService<OpbxDb>().AuditEntries.Where(a => a.Action == Domain.Audit.AuditLog.SupportAccess).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal(OpbxApp.AdminEmail, entry.Actor);
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, OwnerPassword);
        Assert.Contains(Domain.Audit.AuditLog.SupportAccess, await owner.GetHtmlAsync($"/Org/{orgId}/Settings/Audit"));

        // A member working in their own organization is not "reaching across".
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Org/{orgId}/Users")).StatusCode);
        var count = await app.InOrganizationAsync(orgId, sp =>
            sp.GetRequiredService<OpbxDb>().AuditEntries.CountAsync(a => a.Action == Domain.Audit.AuditLog.SupportAccess));
        Assert.Equal(1, count);
    }

    [Theory]
    [InlineData("pbx_user", "/Users", HttpStatusCode.Forbidden)]
    [InlineData("reporter", "/Users", HttpStatusCode.Forbidden)]
    [InlineData("pbx_admin", "/Users", HttpStatusCode.OK)]
    [InlineData("pbx_admin", "/Settings", HttpStatusCode.Forbidden)]
    [InlineData("pbx_admin", "/Settings/Audit", HttpStatusCode.OK)]
    [InlineData("reporter", "/Settings/Audit", HttpStatusCode.Forbidden)]
    [InlineData("pbx_user", "/Profile", HttpStatusCode.Redirect)]   // the old address leads to the one profile
    [InlineData("reporter", "", HttpStatusCode.OK)]
    public async Task EachRoleSeesOnlyWhatItMayUse(string role, string path, HttpStatusCode expected)
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, role);
        using var session = await WebSession.SignInAsync(app, member.Account!.Email!, "Member-password-1");
        Assert.Equal(expected, (await session.GetAsync($"/Org/{org.Organization.Id}{path}")).StatusCode);
        var home = await session.GetHtmlAsync($"/Org/{org.Organization.Id}");
        Assert.Equal(role is "owner" or "pbx_admin", home.Contains($"/Org/{org.Organization.Id}/Users\""));
    }

    [Fact]
    public async Task InlineEditAppliesTheRulesAndShowsTheRefusalInTheRow()
    {
        var org = await app.CreateOrganizationAsync();
        var admin = await app.AddMemberAsync(org.Organization.Id, "pbx_admin");
        var user = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        using var session = await WebSession.SignInAsync(app, admin.Account!.Email!, "Member-password-1");
        var users = $"/Org/{org.Organization.Id}/Users";

        var ok = await session.PostFormAsync($"{users}?handler=SaveRow&id={user.Id}", Form(("name", "Renamed User"), ("role", "reporter"), ("status", "active")), pagePath: users);
        var okHtml = await ok.Content.ReadAsStringAsync();
        Assert.Contains("Renamed User", okHtml);
        Assert.Contains("Reporter", okHtml);
        Assert.DoesNotContain("role=\"alert\"", okHtml);

        // A PBX admin may not make someone an owner: the row stays open with the reason.
        var refused = await session.PostFormAsync($"{users}?handler=SaveRow&id={user.Id}", Form(("name", "Renamed User"), ("role", "owner"), ("status", "active")), pagePath: users);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains(AccessRules.AdminGrants, System.Net.WebUtility.HtmlDecode(refusedHtml));
        Assert.Contains("<select", refusedHtml);
        var row = await app.InOrganizationAsync(org.Organization.Id, sp =>
        {
            return sp.GetRequiredService<MemberService>().GetRowAsync(user.Id);
        });
        Assert.Equal(OrgRole.Reporter, row.Role);
    }

    [Fact]
    public async Task BulkActionsCheckEachUserAndReportPerUser()
    {
        var org = await app.CreateOrganizationAsync();
        var admin = await app.AddMemberAsync(org.Organization.Id, "pbx_admin");
        var u1 = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var u2 = await app.AddMemberAsync(org.Organization.Id, "reporter");
        var ownerMembership = await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            return await sp.GetRequiredService<OpbxDb>().Memberships.SingleAsync(m => m.Role == OrgRole.Owner);
        });
        using var session = await WebSession.SignInAsync(app, admin.Account!.Email!, "Member-password-1");
        var users = $"/Org/{org.Organization.Id}/Users";
        Assert.Contains("Deactivated.", await PostManyAsync(session, users, "deactivate", [u1.Id]));

        // Several at once: the owner and the admin themself are refused, the reporter is done.
        var html = await PostManyAsync(session, users, "deactivate", [u2.Id, ownerMembership.Id, admin.Id]);
        Assert.Contains("1 done, 2 refused", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(AccessRules.AdminTargets), html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(AccessRules.OwnStatus), html);

        var audit = await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            return await sp.GetRequiredService<OpbxDb>().AuditEntries.CountAsync(e => e.Action == "membership.updated" && e.Actor == admin.Account!.Email);
        });
        Assert.Equal(2, audit);
    }

    private static async Task<string> PostManyAsync(WebSession session, string users, string action, IEnumerable<Guid> ids)
    {
        var fields = new List<KeyValuePair<string, string>> { new("action", action) };
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("selected", id.ToString())));
        var response = await session.PostFormAsync($"{users}?handler=Bulk", fields, pagePath: users);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task CsvExportHasTheFilteredList()
    {
        var org = await app.CreateOrganizationAsync();
        await app.AddMemberAsync(org.Organization.Id, "reporter", email: $"csv-reporter-{Guid.NewGuid():N}@example.test", extension: "444");
        using var session = await WebSession.SignInAsync(app, org.Owner.Email!, OwnerPassword);
        var csv = await session.GetHtmlAsync($"/Org/{org.Organization.Id}/Users?handler=Csv&role=reporter");
        var lines = csv.Trim().Split("\r\n");
        Assert.Equal("name,email,role,status,extension,last_login", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",reporter,active,444,", lines[1]);
    }

    [Fact]
    public async Task ScheduledDeletionRunsOnItsDayUnlessReactivated()
    {
        var org = await app.CreateOrganizationAsync();
        var leaving = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var staying = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var owner = Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var members = sp.GetRequiredService<MemberService>();
            await members.ScheduleDeletionAsync(owner, leaving.Id, day);
            await members.ScheduleDeletionAsync(owner, staying.Id, day);
            await members.UpdateAsync(owner, staying.Id, new MemberUpdate { Status = "active" });   // reactivating clears the date
        });
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<ScheduledDeletions>().RunAsync(day.AddDays(-1))));
        Assert.Equal(1, await app.WithScopeAsync(sp => sp.GetRequiredService<ScheduledDeletions>().RunAsync(day)));
        await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            Assert.False(await db.Memberships.AnyAsync(m => m.Id == leaving.Id));
            Assert.True(await db.Memberships.AnyAsync(m => m.Id == staying.Id && m.DeleteOn == null && m.Status == MembershipStatus.Active));
            Assert.Null(await db.Users.FirstOrDefaultAsync(a => a.Id == leaving.AccountId));
        });
    }

    [Fact]
    public async Task ADeletedMembersNameLeavesCallRecordsButStaysInTheAuditLog()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "250");
        await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.CallRecords.Add(new CallRecord
            {
                StartedAt = DateTimeOffset.UtcNow,
                Source = "250",
                Destination = "5550100",
                CallerName = member.Account!.Name,
                CallerEmail = member.Account.Email,
                MembershipId = member.Id,
                DurationSeconds = 30,
                Disposition = CallDisposition.Answered,
                UniqueId = $"test-{Guid.NewGuid():N}",
                LinkedId = "1764500000.1",
            });
            // The same member called: their name goes from the callee side too, the caller's stays.
            db.CallRecords.Add(new CallRecord
            {
                StartedAt = DateTimeOffset.UtcNow,
                Source = "5550100",
                Destination = "250",
                CallerName = "Outside caller",
                CalleeName = member.Account.Name,
                CalleeMembershipId = member.Id,
                Direction = CallDirection.Inbound,
                UniqueId = $"test-{Guid.NewGuid():N}",
                LinkedId = "1764500000.2",
            });
            await db.SaveChangesAsync();
        });
        using var api = ApiClient.Key(app, org);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{member.Id}")).StatusCode);
        await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var record = await db.CallRecords.SingleAsync(c => c.Source == "250");
            Assert.Null(record.CallerName);
            Assert.Null(record.CallerEmail);
            Assert.Null(record.MembershipId);
            var received = await db.CallRecords.SingleAsync(c => c.Destination == "250");
            Assert.Equal(("Outside caller", (string?)null, (Guid?)null), (received.CallerName, received.CalleeName, received.CalleeMembershipId));
            var extension = await db.Extensions.SingleAsync(x => x.Number == "250");
            Assert.Null(extension.MembershipId);                          // unassigned, kept
            Assert.Contains(await db.AuditEntries.Select(e => e.TargetName).ToListAsync(), n => n == member.Account!.Email);
        });
    }
}
