using System.Net;
using System.Text.RegularExpressions;
using Opbx.Domain.Pbx;
using Opbx.Pages.Org;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

/// <summary>
/// The ring group, queue and number forms never list the organization's extensions (one of 5,000 rendered thousands of
/// options per field): their pickers ask the server for the few matching what is typed, and what is posted (a number, or
/// the picked words) is resolved and checked on the server.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class PickerTests(OpbxApp app)
{
    [Theory]
    [InlineData("Ana Lopez <ana@example.test>", "ana@example.test")]
    [InlineData("  ana@example.test ", "ana@example.test")]
    [InlineData("O'Brien <Ana <x> <ana@example.test>", "ana@example.test")]
    [InlineData("Ana Lopez", null)]
    [InlineData("Ana Lopez <not an address>", null)]
    [InlineData("<>", null)]
    [InlineData("=HYPERLINK(\"x\")", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void AMemberIsReadBackByTheAddressItsTextNames(string? text, string? email) => Assert.Equal(email, PickText.Email(text));

    [Fact]
    public async Task FormsListNoExtensionsAndThePickerAnswersAFewMatches()
    {
        var org = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, org);
        for (var i = 0; i < 60; i++) await kit.ExtensionAsync((300 + i).ToString(), i == 42 ? "Findable Desk" : $"Phone {i}");
        var queue = await kit.Service<QueueService, Queue>(s => s.CreateAsync(kit.Owner, new QueueInput { Number = "700", Name = "Support", Strategy = "ringall" }));
        var other = await app.CreateOrganizationAsync();
        await new PbxTestKit(app, other).ExtensionAsync("777", "Elsewhere");
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var root = $"/Org/{org.Organization.Id}";

        foreach (var form in new[] { "/RingGroups/New", "/Queues/New", $"/Queues/{queue.Id}" })
        {
            var html = await owner.GetHtmlAsync(root + form);
            Assert.DoesNotContain("Phone 41", html);
            Assert.Contains($"{root}/Pick?handler=Extensions", html);
        }

        using var statements = new RequestStatements();
        async Task<List<string>> OptionsAsync(string query)
        {
            var response = await statements.GetAsync(owner, $"{root}/Pick?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var widest = statements.Statements.MaxBy(s => s.Rows)!;
            Assert.True(widest.Rows <= PbxChoices.PickLimit + 1, $"{query} read {widest.Rows} rows in one statement: {widest.Sql}");
            return OptionPattern().Matches(await response.Content.ReadAsStringAsync()).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        }

        // By number (the field's own name carries what was typed), by name, nothing typed: at most a few, by number.
        Assert.Equal([.. Enumerable.Range(310, 10).Select(n => $"{n} · Phone {n - 300}"), "331 · Phone 31"],
            await OptionsAsync("handler=Extensions&MemberIds%5B0%5D=31"));
        Assert.Equal(["342 · Findable Desk"], await OptionsAsync("handler=Extensions&MemberIds%5B3%5D=findable"));
        Assert.Equal(PbxChoices.PickLimit, (await OptionsAsync("handler=Extensions&MemberIds%5B0%5D=")).Count);
        Assert.Empty(await OptionsAsync("handler=Extensions&MemberIds%5B0%5D=777"));
        // Destinations: every kind, the one being edited left out, a kind word narrowing them.
        Assert.Contains("Queue 700 · Support", await OptionsAsync("handler=Destinations&Fallback=70"));
        Assert.DoesNotContain("Queue 700 · Support", await OptionsAsync($"handler=Destinations&except={queue.Id}&Fallback=70"));
        Assert.Equal(["Hang up"], await OptionsAsync("handler=Destinations&Fallback=hang"));
        Assert.Equal(["Queue 700 · Support"], await OptionsAsync("handler=Destinations&Fallback=queue%20"));
        Assert.Equal(["Extension 342 · Findable Desk"], await OptionsAsync("handler=Destinations&Fallback=extension%20342"));
    }

    [Fact]
    public async Task WhatIsPostedIsResolvedByNumberAndCheckedOnTheServer()
    {
        var org = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, org);
        foreach (var n in new[] { "401", "402", "403" }) await kit.ExtensionAsync(n, "Desk " + n);
        await new PbxTestKit(app, await app.CreateOrganizationAsync()).ExtensionAsync("777", "Elsewhere");
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var root = $"/Org/{org.Organization.Id}";

        Task<HttpResponseMessage> PostAsync(string path, string member0, string member1, string fallback) => owner.PostFormAsync(root + path, new Dictionary<string, string>
        {
            ["Input.Number"] = "650", ["Input.Name"] = "Front", ["Input.Strategy"] = "sequential", ["Input.RingSeconds"] = "20",
            ["MemberIds[0]"] = member0, ["MemberIds[1]"] = member1, ["MemberIds[2]"] = "", ["Fallback"] = fallback,
        });
        async Task<string> ErrorsAsync(HttpResponseMessage response) => WebSession.Errors(await response.Content.ReadAsStringAsync());

        var created = await PostAsync("/RingGroups/New", "403 · Desk 403", "401", "Extension 402 · Desk 402");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var group = await kit.Service<RingGroupService, RingGroupRow>(async s => (await s.ListAsync()).Single());
        Assert.Equal(["403", "401"], group.MemberNumbers);
        var desk402 = await kit.Service<ExtensionService, ExtensionRow>(async s => (await s.ListAsync()).Single(x => x.Number == "402"));
        Assert.Equal(Destination.To(DestinationKind.Extension, desk402.Id), group.Fallback);

        // The edit form shows the members and the fallback in the picker's words.
        var edit = await owner.GetHtmlAsync($"{root}/RingGroups/{group.Id}");
        Assert.Contains("value=\"403 · Desk 403\"", WebUtility.HtmlDecode(edit));
        Assert.Contains("value=\"Extension 402 · Desk 402\"", WebUtility.HtmlDecode(edit));

        var editPath = $"/RingGroups/{group.Id}?handler=Save";
        Assert.Contains("There is no extension 999 in this organization.", await ErrorsAsync(await PostAsync(editPath, "401", "999", "Hang up")));
        Assert.Contains("There is no extension 777 in this organization.", await ErrorsAsync(await PostAsync(editPath, "777", "", "Hang up")));
        Assert.Contains("is not an extension", await ErrorsAsync(await PostAsync(editPath, "Bob", "", "Hang up")));
        Assert.Contains("There is no queue 555 in this organization.", await ErrorsAsync(await PostAsync(editPath, "401", "", "queue 555")));
        Assert.Contains("is not a destination", await ErrorsAsync(await PostAsync(editPath, "401", "", "somewhere")));
        // A bare number is whatever has it: the group's own number is the group, and a fallback to itself is refused.
        Assert.Contains("round in a circle", await ErrorsAsync(await PostAsync(editPath, "401", "", "650")));
        Assert.Equal(["403", "401"], (await kit.Service<RingGroupService, RingGroupRow>(s => s.GetAsync(group.Id))).MemberNumbers);
    }

    [GeneratedRegex("<option value=\"([^\"]*)\"")]
    private static partial Regex OptionPattern();
}
