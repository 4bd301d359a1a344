using System.Net;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

/// <summary>
/// The organization's PBX lists page in the query: a page reads its own rows, never every extension of the organization
/// (one with thousands of extensions answered nothing within two seconds when the pages read them all), and the number of
/// statements a page runs stays within a budget, so a query added to every request (the layout, the session check) shows.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PbxListPagingTests(OpbxApp app)
{
    private const int Extensions = 60;

    [Fact]
    public async Task ListPagesReadOnlyTheirPageAndFewStatements()
    {
        var org = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, org);
        for (var i = 0; i < Extensions; i++) await kit.ExtensionAsync((300 + i).ToString(), i == 42 ? "Findable Desk" : $"Phone {i}");
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        using var statements = new RequestStatements();
        var root = $"/Org/{org.Organization.Id}";

        async Task<string> PageAsync(string path)
        {
            var response = await statements.GetAsync(owner, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.NotEmpty(statements.Statements);
            var widest = statements.Statements.MaxBy(s => s.Rows)!;
            // At most a page of 50 rows from any one statement (the organization has 60 extensions). EF Core counts the calls
            // to Read, the last of which finds the end: 51 for a full page.
            Assert.True(widest.Rows <= 51, $"{path} read {widest.Rows} rows in one statement: {widest.Sql}");
            return html;
        }

        var first = await PageAsync($"{root}/Extensions");
        Assert.Contains(">300<", first);
        Assert.Contains(">349<", first);
        Assert.DoesNotContain(">350<", first);
        Assert.Contains("60 extensions", first);
        var second = await PageAsync($"{root}/Extensions?page=2");
        Assert.Contains(">359<", second);
        Assert.DoesNotContain(">300<", second);
        var found = await PageAsync($"{root}/Extensions?q=findable");
        Assert.Contains(">342<", found);
        Assert.DoesNotContain(">343<", found);
        foreach (var list in new[] { "RingGroups", "Queues", "Numbers", "Trunks", "Routes" }) await PageAsync($"{root}/{list}");

        // Ring groups and queues: a list page reads the first members of each and counts the rest in SQL; no page of theirs
        // scans a table or searches the members by organization alone (which reads every member of the organization).
        var extensions = await kit.Service<Opbx.Domain.Pbx.ExtensionService, IReadOnlyList<Opbx.Domain.Pbx.ExtensionRow>>(s => s.ListAsync());
        var group = await kit.Service<Opbx.Domain.Pbx.RingGroupService, Opbx.Domain.Pbx.RingGroup>(s => s.CreateAsync(kit.Owner, new Opbx.Domain.Pbx.RingGroupInput
            { Number = "600", Name = "Everyone", Strategy = "sequential", MemberIds = extensions.Take(30).Select(x => x.Id).ToList() }));
        var queue = await kit.Service<Opbx.Domain.Pbx.QueueService, Opbx.Domain.Pbx.Queue>(s => s.CreateAsync(kit.Owner, new Opbx.Domain.Pbx.QueueInput
            { Number = "700", Name = "All hands", Strategy = "linear", MemberIds = extensions.Select(x => x.Id).ToList() }));
        Assert.Contains("300 → 301 → 302 → 303 → 304 → … (30 in all)", WebUtility.HtmlDecode(await PageAsync($"{root}/RingGroups")));
        Assert.Contains("300, 301, 302, 303, 304, … (60 in all)", WebUtility.HtmlDecode(await PageAsync($"{root}/Queues")));
        // A deleted extension leaves a gap in the positions; the row still shows the first five that remain.
        await kit.Service<Opbx.Domain.Pbx.ExtensionService, bool>(async s => { await s.DeleteAsync(kit.Owner, extensions[1].Id); return true; });
        Assert.Contains("300 → 302 → 303 → 304 → 305 → … (29 in all)", WebUtility.HtmlDecode(await PageAsync($"{root}/RingGroups")));
        var planned = new List<string>();
        foreach (var path in new[] { "/RingGroups", "/Queues", $"/RingGroups/{group.Id}", $"/Queues/{queue.Id}", "/RingGroups/New", "/Queues/New",
                     "/Pick?handler=Extensions&MemberIds%5B0%5D=31", "/Pick?handler=Destinations&Fallback=70" })
        {
            Assert.Equal(HttpStatusCode.OK, (await statements.GetAsync(owner, root + path)).StatusCode);
            planned.AddRange(statements.Statements.Select(s => s.Sql));
        }
        var problems = await QueryPlans.ProblemsAsync(Path.Combine(app.DataDirectory, "opbx.db"), planned);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The statements of a simple page once the session's check is cached: the page's own reads plus the layout's.
        await statements.GetAsync(owner, $"{root}/Trunks");
        var response = await statements.GetAsync(owner, $"{root}/Trunks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(statements.Statements.Count <= 3, "the trunks page ran:\n" + string.Join("\n", statements.Statements.Select(s => s.Sql)));
    }
}
