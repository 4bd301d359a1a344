using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Asterisk.Live;

/// <summary>/metrics in Prometheus' text format, for a scraper on the same machine (the app's own, without AMI).</summary>
[Collection(AppCollection.Name)]
public sealed partial class MetricsTests(OpbxApp app)
{
    [Fact]
    public async Task A_scrape_after_a_deploy_shows_deploys_by_status_their_duration_Asterisk_and_request_metrics()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        await http.GetAsync("/metrics");
        var before = Value(await ScrapeAsync(http), "opbx_deploys_finished_total{status=\"succeeded\"}");
        var since = DateTimeOffset.UtcNow;
        var created = await app.CreateOrganizationAsync();
        using (var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword))
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/Org/{created.Organization.Id}")).StatusCode);
        var deploys = await app.SettledDeploysAsync(since);
        Assert.Contains(deploys, d => d.Status == Opbx.Domain.Pbx.DeployStatus.Succeeded);

        var text = await ScrapeAsync(http);

        Assert.True(Value(text, "opbx_deploys_finished_total{status=\"succeeded\"}") >= before + 1, text);
        Assert.True(Value(text, "opbx_deploys{status=\"succeeded\"}") >= 1);
        Assert.True(Value(text, "opbx_deploy_duration_seconds_count") >= 1);
        Assert.Contains("opbx_deploy_duration_seconds_bucket{le=\"0.1\"}", text);
        Assert.Equal(0, Value(text, "opbx_asterisk_ami_configured"));
        Assert.Equal(0, Value(text, "opbx_asterisk_ami_connected"));
        Assert.Equal(0, Value(text, "opbx_active_calls"));
        Assert.Equal(0, Value(text, "opbx_registered_phones"));
        // ASP.NET Core's own request metrics (its meters), by route template: never an organization's id.
        Assert.Matches(RequestDuration(), text);
        Assert.DoesNotMatch(GuidPattern(), text);
    }

    [Fact]
    public async Task A_request_through_a_proxy_gets_nothing_even_from_loopback()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("opbx_", await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one sample line ("name{labels} value").</summary>
    public static double Value(string text, string sample)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No sample {sample} in:\n{text}");
        return double.Parse(line[(sample.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"microsoft_aspnetcore_hosting_http_server_request_duration_bucket\{[^}]*http_route=""Org/\{org:guid\}""")]
    private static partial Regex RequestDuration();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();
}
