using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Tests.Infrastructure;
using Quartz;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed partial class EmailTests(OpbxApp app)
{
    [Fact]
    public async Task TheOwnerIsInvitedAndTheLinkSetsTheirPasswordAndLandsThemInTheirOrganization()
    {
        using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var email = $"new-owner-{Guid.NewGuid():N}@example.test";
        var name = "Invite Co " + Guid.NewGuid().ToString("N")[..6];
        var created = await api.PostAsync("/api/v1/organizations", new { name, owner = new { name = "Nora New", email } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var message = await app.Mail.WaitForAsync(email, name);
        Assert.Contains("Nora New", message.Html);
        var link = WebUtility.HtmlDecode(LinkPattern().Match(message.Html).Groups[1].Value);
        Assert.StartsWith(app.BaseUrl + "/invite?", link);

        using var session = new WebSession(app.BaseUrl);
        var path = link[app.BaseUrl.Length..];
        Assert.Contains("Welcome to " + name, await session.GetHtmlAsync(path));
        var accept = await session.PostFormAsync(path, new() { ["Password"] = "Chosen-password-1", ["Confirm"] = "Chosen-password-1" }, pagePath: path);
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.StartsWith("/Org/", accept.Headers.Location!.ToString());
        Assert.Contains(name, await session.GetHtmlAsync(accept.Headers.Location!.ToString()));

        // The link works once.
        using var again = new WebSession(app.BaseUrl);
        Assert.Contains("cannot be used", await again.GetHtmlAsync(path));
    }

    [Fact]
    public async Task ASendThatFailsIsRetriedUntilTheSmtpServerIsBack()
    {
        var email = $"later-{Guid.NewGuid():N}@example.test";
        var name = "Retry Co " + Guid.NewGuid().ToString("N")[..6];
        await app.Mail.StopAsync();
        try
        {
            using var api = ApiClient.Bearer(app, await app.PlatformTokenAsync());
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/organizations", new { name, owner = new { name = "Lee Later", email } })).StatusCode);

            // The failure is visible in the job history, with a retry scheduled.
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var history = app.Services.GetRequiredService<Quartz.Extensibility.IExecutionHistoryStore>();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                var runs = await history.QueryExecutions(new ExecutionHistoryQuery { SchedulerName = scheduler.SchedulerName, JobContains = "email" });
                if (runs.Items.Any(r => !r.Succeeded && r.RetryScheduled)) break;
                Assert.True(DateTime.UtcNow < deadline, "no failed e-mail run with a retry was recorded");
                await Task.Delay(250);
            }
            // ...and on the jobs page a platform manager reads.
            using var manager = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
            var jobs = await manager.GetHtmlAsync("/Platform/Jobs");
            Assert.Contains("Send e-mail", jobs);
            Assert.Contains("Failed, will retry", jobs);
        }
        finally
        {
            await app.Mail.StartAsync();
        }
        // Nothing is lost: once the server is back, a retry delivers the message.
        var message = await app.Mail.WaitForAsync(email, name, TimeSpan.FromSeconds(30));
        Assert.Contains("Lee Later", message.Html);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}
