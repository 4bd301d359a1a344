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

        // The statements of a simple page once the session's check is cached: the page's own reads plus the layout's.
        await statements.GetAsync(owner, $"{root}/Trunks");
        var response = await statements.GetAsync(owner, $"{root}/Trunks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(statements.Statements.Count <= 3, "the trunks page ran:\n" + string.Join("\n", statements.Statements.Select(s => s.Sql)));
    }
}
