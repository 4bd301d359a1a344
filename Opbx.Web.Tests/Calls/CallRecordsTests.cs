using System.Net;
using System.Text.Json.Nodes;
using Opbx.Tests.Infrastructure;
using static Opbx.Tests.Api.ApiAssert;

namespace Opbx.Tests.Calls;

/// <summary>
/// The call records page and GET /api/v1/cdrs over ingested records: filters, calls grouped by linkedid, keyset paging,
/// who sees what, pii masking, and the CSV export (streamed, formula-safe, masked).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CallRecordsTests(OpbxApp app) : IDisposable
{
    private readonly CallData _cdr = new(app);

    public void Dispose() => _cdr.Dispose();

    private sealed record Calls(Opbx.Domain.Organizations.CreatedOrganization Org, string Id, Opbx.Domain.People.Membership Pat, Opbx.Domain.People.Membership Sam);

    /// <summary>
    /// Six calls a minute apart (newest last): Pat→Sam internal answered; outside→Sam inbound no answer; Pat→outside
    /// outbound answered; a ring to the group 600 with two legs (Sam answered, Pat not); Sam→outside busy; "=cmd" → Pat.
    /// </summary>
    private async Task<Calls> SeedAsync()
    {
        var org = await app.CreateOrganizationAsync();
        var pat = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "201", name: "Pat Phone", password: "Member-password-1");
        var sam = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "202", name: "Sam Desk");
        var p = "PJSIP/" + await _cdr.SipUsernameAsync(org.Organization.Id, "201");
        var s = "PJSIP/" + await _cdr.SipUsernameAsync(org.Organization.Id, "202");
        var id = Guid.NewGuid().ToString("N")[..10];
        var key = org.Organization.Slug;
        DateTimeOffset At(int minute) => CdrText.Start.AddMinutes(minute);
        _cdr.Append(
            CdrText.Line(key, $"{id}.1", start: At(0), src: "201", dst: "202", channel: p + "-1", dstChannel: s + "-2"),
            CdrText.Line(key, $"{id}.2", start: At(1), src: "+4930123456", dst: "202", channel: "PJSIP/opbx-trunk-aa-3", dstChannel: s + "-4", disposition: "NO ANSWER"),
            CdrText.Line(key, $"{id}.3", start: At(2), src: "201", dst: "0301239876", channel: p + "-5", dstChannel: "PJSIP/opbx-trunk-aa-6", billsec: 125),
            CdrText.Line(key, $"{id}.4", sequence: 1, start: At(3), src: "+4940555111", dst: "600", channel: "PJSIP/opbx-trunk-aa-7", dstChannel: s + "-8"),
            CdrText.Line(key, $"{id}.4", sequence: 2, start: At(3), src: "+4940555111", dst: "600", channel: "PJSIP/opbx-trunk-aa-7", dstChannel: p + "-9", disposition: "NO ANSWER"),
            CdrText.Line(key, $"{id}.5", start: At(4), src: "202", dst: "0301230000", channel: s + "-10", dstChannel: "PJSIP/opbx-trunk-aa-11", disposition: "BUSY"),
            CdrText.Line(key, $"{id}.6", start: At(5), src: "=HYPERLINK(\"http://x\")", dst: "201", channel: "PJSIP/opbx-trunk-aa-12", dstChannel: p + "-13"));
        await _cdr.IngestAsync();
        return new Calls(org, id, pat, sam);
    }

    private static List<string> Linked(JsonObject page) => page["items"]!.AsArray().Select(c => (string)c!["linked_id"]!).ToList();

    [Fact]
    public async Task The_API_lists_calls_newest_first_with_their_legs_filters_them_and_pages_by_keyset()
    {
        var c = await SeedAsync();
        using var api = ApiClient.Key(app, c.Org);
        string L(int n) => $"{c.Id}.{n}";

        var all = await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs"));
        Assert.Equal([L(6), L(5), L(4), L(3), L(2), L(1)], Linked(all));
        var group = all["items"]![2]!;
        Assert.Equal(2, group["legs"]!.AsArray().Count);
        Assert.Equal("answered", (string?)group["disposition"]);
        Assert.Equal("inbound", (string?)group["direction"]);
        Assert.Null(all["older"]);
        Assert.False((bool)all["masked"]!);

        Assert.Equal([L(5), L(3)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?direction=outbound"))));
        Assert.Equal([L(6), L(4), L(2)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?direction=inbound"))));
        Assert.Equal([L(1)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?direction=internal"))));
        Assert.Equal([L(5)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?disposition=busy"))));
        // The group call is listed for its unanswered leg too, once, with all of its legs.
        var unanswered = await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?disposition=no_answer"));
        Assert.Equal([L(4), L(2)], Linked(unanswered));
        Assert.Equal(2, unanswered["items"]![0]!["legs"]!.AsArray().Count);
        // Extension 201: by its phone's channel or its number.
        Assert.Equal([L(6), L(4), L(3), L(1)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?extension=201"))));
        // A number's end: its last digits, or all of them with or without a +; digits at its start or in its middle are not searched.
        Assert.Equal([L(2)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?number=%2B4930123456"))));
        Assert.Equal([L(3)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?number=9876"))));
        Assert.Equal([L(4)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?number=4940555111"))));
        Assert.Equal([L(5)], Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?number=0000"))));
        Assert.Empty(Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?number=1239"))));
        Assert.Empty(Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?number=0301"))));
        Assert.Empty(Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?from=2026-12-01"))));
        Assert.Equal(6, Linked(await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?from=2026-11-30&to=2026-11-30"))).Count);

        // Keyset pages of 2: every call once, in order, the last page says there is nothing older.
        var seen = new List<string>();
        string? before = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs?page_size=2" + (before is null ? "" : "&before=" + before)));
            seen.AddRange(Linked(page));
            before = (string?)page["older"];
            if (before is null) break;
        }
        Assert.Equal([L(6), L(5), L(4), L(3), L(2), L(1)], seen);

        await FieldErrors(api.GetAsync("/api/v1/cdrs?direction=sideways&disposition=maybe&extension=1&number=abc&from=30.11.2026&before=x&page_size=0"),
            "direction", "disposition", "extension", "number", "from", "before", "page_size");
        await FieldErrors(api.GetAsync("/api/v1/cdrs?from=2026-12-02&to=2026-12-01"), "to");
    }

    [Fact]
    public async Task The_API_needs_its_scope_and_never_shows_another_organizations_calls()
    {
        var c = await SeedAsync();
        var stranger = await app.CreateOrganizationAsync();
        using var theirs = ApiClient.Key(app, stranger);
        Assert.Empty(Linked(await Status(HttpStatusCode.OK, theirs.GetAsync("/api/v1/cdrs"))));
        using var narrow = await KeyWithScopesAsync(app, c.Org, "pbx:read");
        Assert.Equal(HttpStatusCode.Forbidden, (await narrow.GetAsync("/api/v1/cdrs")).StatusCode);
    }

    [Fact]
    public async Task Owners_see_the_organizations_calls_PBX_users_only_their_own_and_reporters_masked_numbers()
    {
        var c = await SeedAsync();
        var reporter = await app.AddMemberAsync(c.Org.Organization.Id, "reporter", name: "Rita Report");
        using var owner = await WebSession.SignInAsync(app, c.Org.Owner.Email!, "Owner-password-1");
        var path = $"/Org/{c.Org.Organization.Id}/Calls";

        var ownerPage = await Html(owner, path);
        Assert.Contains("+4930123456", ownerPage);
        Assert.Equal(6, CallCount(ownerPage));
        Assert.Contains("href=\"" + path + "\"", ownerPage); // in the navigation

        using var pat = await WebSession.SignInAsync(app, c.Pat.Account!.Email!, "Member-password-1");
        var patPage = await Html(pat, path);
        Assert.Equal(4, CallCount(patPage)); // 1, 3, 4 (a leg rang Pat) and 6; not 2 or 5 (Sam's alone)
        Assert.DoesNotContain("0301230000", patPage);
        Assert.DoesNotContain("+4930123456", patPage);

        // pii_masking: reporters see the last 3 digits on the page; the owner sees numbers, but not in the CSV.
        using var api = ApiClient.Key(app, c.Org);
        await Status(HttpStatusCode.OK, api.PutAsync("/api/v1/compliance",
            new { recording_consent_mode = "none", cdr_retention_days = 365, recording_retention_days = 90, pii_masking = true }));
        using var rita = await WebSession.SignInAsync(app, reporter.Account!.Email!, "Member-password-1");
        var masked = await Html(rita, path);
        Assert.Equal(6, CallCount(masked));
        Assert.DoesNotContain("+4930123456", masked);
        Assert.Contains("+*******456", masked);
        Assert.Contains("id=\"masked\"", masked);
        // A number search would tell masked numbers apart: refused for whoever sees them masked.
        Assert.Contains("search by extension", await Html(rita, path + "?number=4930"));
        Assert.Contains("+4930123456", await Html(owner, path));

        var csv = await (await owner.GetAsync(path + "?handler=Csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("+4930123456", csv);
        Assert.Contains("+*******456", csv);
        var apiPage = await Status(HttpStatusCode.OK, api.GetAsync("/api/v1/cdrs"));
        Assert.True((bool)apiPage["masked"]!);
        Assert.DoesNotContain("+4930123456", apiPage.ToJsonString());
    }

    [Fact]
    public async Task The_CSV_export_is_one_row_per_record_with_formulas_defused_and_the_filters_applied()
    {
        var c = await SeedAsync();
        using var owner = await WebSession.SignInAsync(app, c.Org.Owner.Email!, "Owner-password-1");
        var response = await owner.GetAsync($"/Org/{c.Org.Organization.Id}/Calls?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("started_at,answered_at,ended_at,direction,disposition,source,destination", lines[0]);
        Assert.Equal(7 + 1, lines.Length); // seven legs and the header
        Assert.Contains(lines, l => l.Contains("'=HYPERLINK(", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",=HYPERLINK", StringComparison.Ordinal) || l.Contains(",\"=HYPERLINK", StringComparison.Ordinal));

        using var api = ApiClient.Key(app, c.Org);
        var exported = await api.GetAsync("/api/v1/cdrs/export?direction=outbound");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var rows = (await exported.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.Contains(",outbound,", r));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/cdrs/export?direction=up")).StatusCode);
    }

    [Fact]
    public async Task An_organization_without_calls_shows_an_empty_state_and_a_filter_that_matches_nothing_says_so()
    {
        var org = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var path = $"/Org/{org.Organization.Id}/Calls";
        Assert.Contains("No calls yet", await Html(owner, path));
        Assert.Contains("No calls match", await Html(owner, path + "?direction=inbound"));
        Assert.Contains("Check the filters", await Html(owner, path + "?direction=sideways"));
        var partial = await owner.GetAsync(path + "?direction=inbound", htmx: true);
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
    }

    /// <summary>The page as text (Razor writes "+" as "&amp;#x2B;").</summary>
    private static async Task<string> Html(WebSession session, string path) => WebUtility.HtmlDecode(await session.GetHtmlAsync(path));

    private static int CallCount(string html) => html.Split("<tbody class=\"call\"").Length - 1;
}
