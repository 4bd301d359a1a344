using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>Errors fit the client: ProblemDetails for everything under /api, the styled page with a request id for people, no stack trace.</summary>
[Collection(AppCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ErrorResponseTests(OpbxApp app)
{
    [Fact]
    public async Task TheApiAnswersProblemDetailsForUnknownPathsMethodsAndContentTypes()
    {
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        var unknown = await key.GetAsync("/api/v1/nothing-here");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);

        var method = await key.DeleteAsync("/api/v1/compliance");
        await AssertProblemAsync(method, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "PUT"], method.Content.Headers.Allow.Order());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = new StringContent("name=Ana", Encoding.UTF8, "text/plain"),
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{org.ApiKeyId}:{org.ApiSecret}"))) },
        };
        await AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.UnsupportedMediaType);

        await AssertProblemAsync(await http.GetAsync("/api/v1/users"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await key.GetAsync($"/api/v1/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await key.GetAsync("/api/v1/users?page=abc"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PeopleGetTheStyledPageWithTheRequestId()
    {
        var org = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        foreach (var (path, status, title) in new[]
                 {
                     ($"/Org/{Guid.NewGuid()}/Users", HttpStatusCode.NotFound, "Not found"),
                     ("/no/such/page", HttpStatusCode.NotFound, "Not found"),
                 })
        {
            var response = await owner.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<h1 class=\"h3\">{title}</h1>", html);
            Assert.Matches(RequestIdPattern(), html);
        }
    }

    [Fact]
    public async Task InProductionAFailureShowsTheRequestIdAndNoStackTrace()
    {
        var folder = OpbxProcess.NewFolder("errors");
        try
        {
            await FailInProductionAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FailInProductionAsync(string folder)
    {
        await using var opbx = await OpbxProcess.StartAsync(new Dictionary<string, string> { ["Opbx__DataDirectory"] = folder });
        // A damaged database (tables gone) is a genuine server fault: nothing the request did wrong.
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(folder, "opbx.db")}"))
        {
            await db.OpenAsync();
            await using var drop = db.CreateCommand();
            drop.CommandText = "DROP TABLE PlatformTokens; DROP TABLE Memberships;";
            await drop.ExecuteNonQueryAsync();
        }
        using var http = new HttpClient { BaseAddress = new Uri(opbx.BaseUrl) };

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organizations") { Headers = { { "Authorization", "Bearer opbx_pt_whatever" } } };
        var api = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var body = await api.Content.ReadAsStringAsync();
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(500, (int?)problem["status"]);
        var traceId = (string?)problem["trace_id"];
        Assert.False(string.IsNullOrEmpty(traceId));
        AssertNoStackTrace(body);

        var page = await http.GetAsync($"/invite?account={Guid.NewGuid()}&org={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html);
        var requestId = RequestIdPattern().Match(html).Groups[1].Value;
        Assert.NotEmpty(requestId);
        AssertNoStackTrace(html);

        // Both ids lead to the log line of the failure.
        await Task.Delay(500);
        Assert.True(opbx.Output.Contains($"Request {traceId} GET /api/v1/organizations failed (500)", StringComparison.Ordinal), opbx.Output);
        Assert.True(opbx.Output.Contains($"Request {requestId} GET /invite failed (500)", StringComparison.Ordinal), requestId + "\n" + opbx.Output);
    }

    private static void AssertNoStackTrace(string body)
    {
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("SqliteException", body);
        Assert.DoesNotContain(".cs:line", body);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
    }

    [GeneratedRegex("Request id: <code id=\"request-id\">([^<]+)</code>")]
    private static partial Regex RequestIdPattern();
}
