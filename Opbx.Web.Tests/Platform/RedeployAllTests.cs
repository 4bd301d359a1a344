using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Tests.Browser;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Platform;

/// <summary>
/// "Redeploy all" over several organizations (the app without AMI: files written, nothing reloaded): every organization
/// gets a result, only what changed on disk is written, the run is one platform deploy in the history, its progress is
/// in the database and on the page (which polls it), and only platform managers may start it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RedeployAllTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task Every_organization_gets_a_result_and_only_the_file_changed_on_disk_is_written_again()
    {
        var since = DateTimeOffset.UtcNow;
        var organizations = new List<PbxTestKit>();
        for (var i = 0; i < 3; i++)
        {
            var kit = await PbxTestKit.NewAsync(app);
            await kit.ExtensionAsync("100");
            await kit.ExtensionAsync("101");
            organizations.Add(kit);
        }
        await app.SettledDeploysAsync(since);
        // An operator's hand edit in one organization's dialplan: the redeploy writes that file back, and nothing else.
        var edited = Path.Combine(app.DataDirectory, "asterisk", "orgs", organizations[1].Key, "extensions.conf");
        await File.AppendAllTextAsync(edited, "; edited by hand\n");
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);

        var started = await admin.PostFormAsync("/Platform/Asterisk?handler=Redeploy", new Dictionary<string, string>(), "/Platform/Asterisk");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var run = await FinishedRunAsync();

        Assert.Equal(RedeployStatus.Succeeded, run.Status);
        var organizationCount = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            return await db.Organizations.CountAsync();
        });
        Assert.Equal((organizationCount, organizationCount, organizationCount, 0), (run.Total, run.Rendered, run.Succeeded, run.Failed));
        var results = await app.WithScopeAsync(async sp => await sp.GetRequiredService<OpbxDb>().RedeployResults.AsNoTracking().Where(r => r.RunId == run.Id).ToListAsync());
        var mine = organizations.Select(o => results.Single(r => r.OrganizationId == o.OrganizationId)).ToList();
        Assert.All(mine, r => Assert.Equal(RedeployResultStatus.Succeeded, r.Status));
        Assert.Equal([0, 1, 0], mine.Select(r => r.FilesWritten));
        Assert.DoesNotContain("edited by hand", await File.ReadAllTextAsync(edited));

        // One platform deploy in the history, triggered by the redeploy, that wrote exactly that file.
        var deploy = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            return await db.Deploys.AsNoTracking().Where(d => d.Trigger == DeployTrigger.RedeployAll).OrderByDescending(d => d.QueuedAt).FirstAsync();
        });
        Assert.Null(deploy.OrganizationId);
        Assert.Equal(DeployStatus.Succeeded, deploy.Status);
        Assert.Equal([$"orgs/{organizations[1].Key}/extensions.conf"], deploy.Written);

        // The page shows the finished run with its counts, and results.
        var html = await admin.GetHtmlAsync("/Platform/Asterisk");
        Assert.Contains($"{organizationCount} of {organizationCount} done: {organizationCount} succeeded, 0 failed", html);
        Assert.Contains("redeploy-results", html);
    }

    [Fact]
    public async Task Only_platform_managers_may_redeploy_all()
    {
        var owner = await app.CreateOrganizationAsync();
        using var session = await WebSession.SignInAsync(app, owner.Owner.Email!, "Owner-password-1");

        var runs = await RunCountAsync();

        var post = await session.PostFormAsync("/Platform/Asterisk?handler=Redeploy", new Dictionary<string, string>(), $"/Org/{owner.Organization.Id}");

        // Refused (sent to sign-in's access denied), and nothing started.
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.DoesNotContain("/Platform/Asterisk", post.Headers.Location?.OriginalString.Split('?')[0] ?? "");
        Assert.Equal(runs, await RunCountAsync());
    }

    [Fact]
    public async Task The_page_shows_the_run_after_leaving_and_coming_back()
    {
        await PbxTestKit.NewAsync(app);
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        await page.GotoAsync("/Platform/Asterisk");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Redeploy all" }).ClickAsync();
        // Away and back: the run goes on in the background and the page picks it up.
        await page.GotoAsync("/Platform");
        await page.GotoAsync("/Platform/Asterisk");
        await Assertions.Expect(page.Locator("#redeploy-counts")).ToContainTextAsync("succeeded, 0 failed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#redeploy-results tbody tr").First).ToContainTextAsync("Succeeded");
        await Chromium.ScreenshotAsync(page, "platform-redeploy-all");
    }

    [Fact]
    public async Task A_running_redeploys_panel_polls_itself_with_its_counts_and_a_finished_ones_stops()
    {
        // A run as the job leaves it mid-way (written directly: a real one over a few organizations is over too soon to catch).
        var run = new RedeployRun { RequestedBy = "test", StartedAt = DateTimeOffset.UtcNow.AddYears(1), Total = 10, Rendered = 4 };
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.RedeployRuns.Add(run);
            await db.SaveChangesAsync();
        });
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        try
        {
            var running = await (await admin.GetAsync("/Platform/Asterisk?handler=Redeploy", htmx: true)).Content.ReadAsStringAsync();
            Assert.Contains("Rendering: 4 of 10 organizations", running);
            Assert.Contains("hx-trigger=\"every 2s\"", running);
            Assert.Contains("value=\"4\" max=\"10\"", running);
        }
        finally
        {
            await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().RedeployRuns.Where(r => r.Id == run.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RedeployStatus.Succeeded).SetProperty(r => r.Succeeded, 10).SetProperty(r => r.FinishedAt, run.StartedAt)));
        }
        var finished = await (await admin.GetAsync("/Platform/Asterisk?handler=Redeploy", htmx: true)).Content.ReadAsStringAsync();
        Assert.Contains("10 of 10 done: 10 succeeded, 0 failed", finished);
        Assert.DoesNotContain("hx-trigger", finished);
        await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().RedeployRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task Results_filter_to_the_failed_ones_and_page_past_the_first_200()
    {
        // A finished run of 450 organizations, 3 of them failed (written directly: real ones are slow to make by the hundred).
        var run = new RedeployRun { RequestedBy = "test", StartedAt = DateTimeOffset.UtcNow.AddYears(2), Total = 450, Rendered = 450,
            Status = RedeployStatus.Failed, Succeeded = 447, Failed = 3 };
        run.FinishedAt = run.StartedAt;
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            db.RedeployRuns.Add(run);
            db.RedeployResults.AddRange(Enumerable.Range(0, 450).Select(i => new RedeployResult
            {
                RunId = run.Id, OrganizationName = $"Paged {i:000}", Status = i % 150 == 7 ? RedeployResultStatus.Failed : RedeployResultStatus.Succeeded,
                Failure = i % 150 == 7 ? $"Asterisk did not load endpoint e{i}." : null,
            }));
            await db.SaveChangesAsync();
        });
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        try
        {
            static int Rows(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<td data-label=\"Organization\">").Count;

            var failed = await (await admin.GetAsync("/Platform/Asterisk?handler=Redeploy&failed=true", htmx: true)).Content.ReadAsStringAsync();
            Assert.Equal(3, Rows(failed));
            Assert.Contains("Paged 007", failed);
            Assert.Contains("Paged 307", failed);
            Assert.DoesNotContain("Paged 008", failed);
            Assert.DoesNotContain("redeploy-pager", failed);

            var first = await (await admin.GetAsync("/Platform/Asterisk?handler=Redeploy", htmx: true)).Content.ReadAsStringAsync();
            Assert.Equal(200, Rows(first));
            Assert.Contains("1–200 of 450, failed ones first", first);
            Assert.Contains("results=2", first);
            var third = await (await admin.GetAsync("/Platform/Asterisk?handler=Redeploy&results=3", htmx: true)).Content.ReadAsStringAsync();
            Assert.Equal(50, Rows(third));
            Assert.Contains("401–450 of 450", third);
            Assert.Contains("Paged 449", third);
            Assert.DoesNotContain("Paged 007", third); // failed ones are on the first page

            // The whole page carries the filter too (a link that works without htmx), and bad input is not an error.
            var full = await admin.GetHtmlAsync("/Platform/Asterisk?failed=true&results=1");
            Assert.Contains("Failed only (3)", full);
            foreach (var bad in new[] { "results=abc", "results=-5", "results=99999999999", "failed=maybe", "results=7" })
            {
                var response = await admin.GetAsync($"/Platform/Asterisk?handler=Redeploy&{bad}", htmx: true);
                Assert.True(response.IsSuccessStatusCode, $"{bad}: {(int)response.StatusCode}");
            }
            Assert.Contains("401–450 of 450", await (await admin.GetAsync("/Platform/Asterisk?handler=Redeploy&results=7", htmx: true)).Content.ReadAsStringAsync());
        }
        finally
        {
            await app.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<OpbxDb>();
                await db.RedeployResults.Where(r => r.RunId == run.Id).ExecuteDeleteAsync();
                await db.RedeployRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
            });
        }
    }

    private Task<int> RunCountAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().RedeployRuns.CountAsync());

    private Task<RedeployRun> FinishedRunAsync() => app.WithScopeAsync(async sp =>
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var scope = sp.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<OpbxDb>().RedeployRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstAsync();
            if (!run.IsRunning) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The redeploy did not finish.");
            await Task.Delay(100);
        }
    });
}
