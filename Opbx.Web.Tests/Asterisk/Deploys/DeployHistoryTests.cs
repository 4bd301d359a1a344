using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Asterisk;
using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Asterisk.Deploys;

/// <summary>
/// Deploy history on the file-only path (the shared app has no AMI host): file sets and their diffs, pruning, twenty
/// saves in one deploy, auto-deploy off with pending changes and "Review changes", drift, rollback by hand, the API and
/// the pages. The same against a real Asterisk (refused deploys, waiting for Asterisk, rollback restoring a call) is in
/// <see cref="DeployTrustScenarios"/>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeployHistoryTests(OpbxApp app)
{
    private string Root => app.Services.GetRequiredService<ConfigFolder>().Root;

    private Task<List<Deploy>> DeploysOfAsync(Guid organizationId) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await sp.GetRequiredService<OpbxDb>().Deploys.AsNoTracking().Where(d => d.OrganizationId == organizationId).OrderBy(d => d.QueuedAt).ToListAsync();
    });

    private Task<T> Db<T>(Func<OpbxDb, Task<T>> work) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await work(sp.GetRequiredService<OpbxDb>());
    });

    [Fact]
    public async Task Every_deploy_keeps_its_file_set_content_addressed_and_shows_what_it_changed_as_a_unified_diff()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await kit.ExtensionAsync("100");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var since = DateTimeOffset.UtcNow;
        var added = await kit.ExtensionAsync("101");
        var deploy = (await app.SettledDeploysAsync(since)).Single(d => d.OrganizationId == kit.OrganizationId);

        var diff = await kit.Service<DeployService, IReadOnlyList<FileDiff>?>(s => s.DiffAsync(deploy));

        Assert.NotNull(diff);
        var pjsip = Assert.Single(diff, f => f.Path == $"orgs/{kit.Key}/pjsip.conf");
        Assert.Equal("changed", pjsip.Change);
        Assert.Contains($"--- a/orgs/{kit.Key}/pjsip.conf", pjsip.Unified);
        Assert.Contains($"+[{added.Username}]", pjsip.Unified);
        Assert.Contains("@@ ", pjsip.Unified);
        Assert.DoesNotContain(diff, f => f.Path == $"orgs/{kit.Key}/queues.conf"); // unchanged files are not in the diff
        // The file set names every file the deploy rendered; an unchanged file's content is stored once for both deploys.
        var files = await Db(db => db.DeployFiles.Where(f => f.DeployId == deploy.Id).ToListAsync());
        Assert.Contains(files, f => f.Path == "opbx_pjsip.conf");
        var queues = files.Single(f => f.Path == $"orgs/{kit.Key}/queues.conf");
        Assert.Equal(DeployFileSets.Hash(File.ReadAllText(Path.Combine(Root, "orgs", kit.Key, "queues.conf"))), queues.Hash);
        Assert.Equal(1, await Db(db => db.ConfigBlobs.CountAsync(b => b.Hash == queues.Hash)));
        Assert.True(await Db(db => db.DeployFiles.CountAsync(f => f.Hash == queues.Hash)) >= 2);
    }

    [Fact]
    public async Task File_sets_are_kept_for_the_newest_50_deploys_of_an_organization_and_contents_no_one_holds_are_collected()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        // In the past, so the platform-wide history of other tests still starts with their own deploys.
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var ids = new List<Guid>();
        for (var i = 0; i < DeployFileSets.Kept + 2; i++)
        {
            var deploy = new Deploy { OrganizationId = kit.OrganizationId, Trigger = DeployTrigger.Save, RequestedBy = "test", Status = DeployStatus.Succeeded, QueuedAt = start.AddSeconds(i) };
            await Db(async db => { db.Deploys.Add(deploy); await db.SaveChangesAsync(); return true; });
            await app.WithScopeAsync(sp => sp.GetRequiredService<DeployFileSets>().RecordAsync(deploy,
                [new ConfigFile($"orgs/{kit.Key}/pjsip.conf", $"; version {i} of {kit.Key}\n", AsteriskModule.Pjsip), new ConfigFile($"orgs/{kit.Key}/queues.conf", $"; same {kit.Key}\n", AsteriskModule.Queues)]));
            ids.Add(deploy.Id);
        }

        // The organization's own deploys (its creation) are newer than these and count among the 50.
        var own = await Db(db => db.Deploys.CountAsync(d => d.OrganizationId == kit.OrganizationId && !ids.Contains(d.Id) && db.DeployFiles.Any(f => f.DeployId == d.Id)));
        var pruned = ids.Count - (DeployFileSets.Kept - own);
        Assert.InRange(pruned, 2, 10);
        var kept = await Db(db => db.DeployFiles.Where(f => ids.Contains(f.DeployId)).Select(f => f.DeployId).Distinct().ToListAsync());
        Assert.Equal(ids.Skip(pruned).Order(), kept.Order());
        Assert.False(await Db(db => db.ConfigBlobs.AnyAsync(b => b.Hash == DeployFileSets.Hash($"; version 0 of {kit.Key}\n"))));
        Assert.True(await Db(db => db.ConfigBlobs.AnyAsync(b => b.Hash == DeployFileSets.Hash($"; version {pruned} of {kit.Key}\n"))));
        Assert.True(await Db(db => db.ConfigBlobs.AnyAsync(b => b.Hash == DeployFileSets.Hash($"; same {kit.Key}\n"))));
        var oldest = await Db(db => db.Deploys.AsNoTracking().SingleAsync(d => d.Id == ids[0]));
        Assert.Null(await kit.Service<DeployService, IReadOnlyList<FileDiff>?>(s => s.DiffAsync(oldest)));
        await Assert.ThrowsAsync<RuleViolationException>(() => kit.Service<DeployService, Deploy>(s => s.RollbackAsync(kit.Owner, ids[0])));
    }

    [Fact]
    public async Task Twenty_saves_within_a_second_become_one_deploy()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var since = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await kit.InAsync(async sp =>
        {
            var extensions = sp.GetRequiredService<ExtensionService>();
            for (var i = 0; i < 20; i++) await extensions.CreateAsync(kit.Owner, new ExtensionInput { Number = $"3{i:00}", Name = "Phone" });
            return true;
        });
        var saving = clock.Elapsed;

        var deploys = (await app.SettledDeploysAsync(since)).Where(d => d.OrganizationId == kit.OrganizationId).ToList();

        // The test app waits 2 s before it runs a queued deploy: saves that all came within it share one.
        Assert.True(saving < TimeSpan.FromSeconds(2), $"The twenty saves took {saving.TotalMilliseconds:0} ms; the test needs them within the 2 s delay.");
        var deploy = Assert.Single(deploys);
        Assert.Equal(20, deploy.Requests);
        Assert.Equal(DeployStatus.Succeeded, deploy.Status);
        var dialplan = File.ReadAllText(Path.Combine(Root, "orgs", kit.Key, "extensions.conf"));
        Assert.Contains("exten => 300,", dialplan);
        Assert.Contains("exten => 319,", dialplan);
    }

    [Fact]
    public async Task With_auto_deploy_off_saves_collect_as_pending_changes_that_review_shows_until_Deploy_now_applies_them()
    {
        var created = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, created);
        await kit.ExtensionAsync("100");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        await kit.InAsync(async sp => { await sp.GetRequiredService<DeployService>().SetManualDeploysAsync(kit.Owner, true); return true; });
        var path = Path.Combine(Root, "orgs", kit.Key, "pjsip.conf");
        var before = File.ReadAllText(path);

        var since = DateTimeOffset.UtcNow;
        var a = await kit.ExtensionAsync("101");
        var b = await kit.ExtensionAsync("102");
        await Task.Delay(2500); // longer than the test app's deploy delay: nothing may run

        var settled = await app.SettledDeploysAsync(since);
        Assert.DoesNotContain(settled, d => d.OrganizationId == kit.OrganizationId && d.Status != DeployStatus.Held);
        Assert.Equal(before, File.ReadAllText(path));
        var state = await kit.Service<DeployService, DeployState>(s => s.StateAsync());
        Assert.True(state.ManualDeploys);
        Assert.Equal(2, state.PendingChanges);
        var review = await kit.Service<DeployService, IReadOnlyList<FileDiff>>(s => s.ReviewAsync());
        var pjsip = Assert.Single(review, f => f.Path == $"orgs/{kit.Key}/pjsip.conf");
        Assert.Contains($"+[{a.Username}]", pjsip.Unified);
        Assert.Contains($"+[{b.Username}]", pjsip.Unified);
        // The count is on every Telephony page, and the page of the organization says auto-deploy is off.
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var html = await owner.GetHtmlAsync($"/Org/{kit.OrganizationId}/Extensions");
        Assert.Contains("id=\"pending-changes\"", html);
        Assert.Contains("2 change(s) wait for Deploy now", html);
        Assert.Contains(a.Username, await owner.GetHtmlAsync($"/Org/{kit.OrganizationId}/Deploys/Review"));

        var deployNow = await kit.Service<DeployService, Deploy>(s => s.DeployNowAsync(kit.Owner));
        var deployed = (await app.SettledDeploysAsync(since)).Single(d => d.Id == deployNow.Id);

        Assert.Equal(DeployStatus.Succeeded, deployed.Status);
        Assert.Equal(3, deployed.Requests); // the two saves and Deploy now
        Assert.Contains($"[{b.Username}]", File.ReadAllText(path));
        Assert.Equal(0, (await kit.Service<DeployService, DeployState>(s => s.StateAsync())).PendingChanges);
        Assert.Empty(await kit.Service<DeployService, IReadOnlyList<FileDiff>>(s => s.ReviewAsync()));
    }

    [Fact]
    public async Task A_file_edited_by_hand_shows_as_drift_and_the_next_deploy_overwrites_it_and_says_so()
    {
        var created = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, created);
        await kit.ExtensionAsync("100");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var relative = $"orgs/{kit.Key}/extensions.conf";
        var path = Path.Combine(Root, "orgs", kit.Key, "extensions.conf");
        var rendered = File.ReadAllText(path);
        Assert.Empty((await kit.Service<DeployService, DeployState>(s => s.StateAsync())).Drifted);

        File.AppendAllText(path, "\n; added by hand\n");

        Assert.Equal([relative], (await kit.Service<DeployService, DeployState>(s => s.StateAsync())).Drifted);
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var html = await owner.GetHtmlAsync($"/Org/{kit.OrganizationId}/Deploys");
        Assert.Contains("id=\"drift\"", html);
        Assert.Contains(relative, html);
        var review = await kit.Service<DeployService, IReadOnlyList<FileDiff>>(s => s.ReviewAsync());
        Assert.Contains("-; added by hand", Assert.Single(review).Unified);

        var queued = await kit.Service<DeployService, Deploy>(s => s.DeployNowAsync(kit.Owner));
        var deploy = (await app.SettledDeploysAsync(queued.QueuedAt)).Single(d => d.Id == queued.Id);

        Assert.Equal([relative], deploy.Drifted);
        Assert.Equal(rendered, File.ReadAllText(path));
        Assert.Empty((await kit.Service<DeployService, DeployState>(s => s.StateAsync())).Drifted);
    }

    [Fact]
    public async Task Rollback_by_hand_restores_an_earlier_deploys_files_and_pauses_auto_deploy_until_Deploy_now()
    {
        var created = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, created);
        await kit.ExtensionAsync("100");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var path = Path.Combine(Root, "orgs", kit.Key, "pjsip.conf");
        var earlier = (await DeploysOfAsync(kit.OrganizationId)).Last();
        var earlierFiles = File.ReadAllText(path);
        var since = DateTimeOffset.UtcNow;
        var later = await kit.ExtensionAsync("101");
        await app.SettledDeploysAsync(since);
        Assert.Contains(later.Username, File.ReadAllText(path));

        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        var details = await owner.GetHtmlAsync($"/Org/{kit.OrganizationId}/Deploys/{earlier.Id}");
        Assert.Contains("Roll back to this deploy", details);
        var posted = await owner.PostFormAsync($"/Org/{kit.OrganizationId}/Deploys/{earlier.Id}?handler=Rollback", new Dictionary<string, string>(),
            $"/Org/{kit.OrganizationId}/Deploys/{earlier.Id}");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var rollback = (await app.SettledDeploysAsync(since)).Single(d => d.Trigger == DeployTrigger.Rollback && d.OrganizationId == kit.OrganizationId);

        Assert.Equal(DeployStatus.Succeeded, rollback.Status);
        Assert.Equal(earlier.Id, rollback.RollbackOfId);
        Assert.Equal(earlierFiles, File.ReadAllText(path));
        Assert.Contains("deploy.rollback_requested", (await kit.AuditAsync()).Select(e => e.Action));
        // Paused: a save now waits (the banner says so), and Deploy now deploys the current settings and ends the pause.
        since = DateTimeOffset.UtcNow;
        await kit.ExtensionAsync("102");
        await Task.Delay(2500);
        Assert.DoesNotContain(later.Username, File.ReadAllText(path));
        var html = await owner.GetHtmlAsync($"/Org/{kit.OrganizationId}/Extensions");
        Assert.Contains("Auto-deploy is paused", html);
        Assert.Contains("1 change(s) wait for Deploy now", html);

        await kit.Service<DeployService, Deploy>(s => s.DeployNowAsync(kit.Owner));
        await app.SettledDeploysAsync(since);
        Assert.Contains(later.Username, File.ReadAllText(path));
        var state = await kit.Service<DeployService, DeployState>(s => s.StateAsync());
        Assert.Null(state.PausedAt);
        Assert.DoesNotContain("Auto-deploy is paused", await owner.GetHtmlAsync($"/Org/{kit.OrganizationId}/Extensions"));
    }

    [Fact]
    public async Task The_API_shows_a_deploys_diff_rolls_back_reports_pending_changes_and_switches_auto_deploy()
    {
        var created = await app.CreateOrganizationAsync();
        var kit = new PbxTestKit(app, created);
        await kit.ExtensionAsync("100");
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var first = (await DeploysOfAsync(kit.OrganizationId)).Last();
        var since = DateTimeOffset.UtcNow;
        var later = await kit.ExtensionAsync("101");
        var second = (await app.SettledDeploysAsync(since)).Single(d => d.OrganizationId == kit.OrganizationId);
        using var api = ApiClient.Key(app, created);

        var got = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/config/deploys/{second.Id}"));
        var diff = got["diff"]!.AsArray();
        Assert.Contains(diff, f => (string)f!["path"]! == $"orgs/{kit.Key}/pjsip.conf" && ((string)f["unified"]!).Contains($"+[{later.Username}]"));
        Assert.Equal("save", (string)got["trigger"]!);
        var list = await (await api.GetAsync("/api/v1/config/deploys")).Content.ReadAsStringAsync();
        Assert.Contains(second.Id.ToString(), list);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync("/api/v1/config/auto-deploy", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync("/api/v1/config/auto-deploy", new { })).StatusCode);
        await kit.ExtensionAsync("102");
        var state = await ApiClient.JsonAsync(await api.GetAsync("/api/v1/config/state"));
        Assert.False((bool)state["auto_deploy"]!);
        Assert.Equal(1, (int)state["pending_changes"]!);
        Assert.NotEmpty(state["preview"]!.AsArray());

        var rollback = await api.PostAsync($"/api/v1/config/deploys/{first.Id}/rollback");
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var id = (string)(await ApiClient.JsonAsync(rollback))["id"]!;
        await app.SettledDeploysAsync(since);
        var done = await ApiClient.JsonAsync(await api.GetAsync($"/api/v1/config/deploys/{id}"));
        Assert.Equal("rollback", (string)done["trigger"]!);
        Assert.Equal("succeeded", (string)done["status"]!);
        Assert.Equal(first.Id.ToString(), (string)done["rollback_of"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/config/deploys/{Guid.NewGuid()}/rollback")).StatusCode);
    }

    [Fact]
    public async Task Platform_managers_see_every_organizations_deploys_and_their_diffs()
    {
        var kit = await PbxTestKit.NewAsync(app);
        await app.SettledDeploysAsync(DateTimeOffset.UtcNow);
        var since = DateTimeOffset.UtcNow;
        await kit.ExtensionAsync("100");
        var deploy = (await app.SettledDeploysAsync(since)).Last(d => d.OrganizationId == kit.OrganizationId);
        using var admin = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);

        var list = await admin.GetHtmlAsync("/Platform/Deploys");
        var details = await admin.GetHtmlAsync($"/Platform/Deploys/{deploy.Id}");

        Assert.Contains(deploy.Id.ToString(), list);
        Assert.Contains($"orgs/{kit.Key}/pjsip.conf", details);
        Assert.Contains("diff-add", details);
        var created = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, created.Owner.Email!, "Owner-password-1");
        Assert.NotEqual(HttpStatusCode.OK, (await owner.GetAsync("/Platform/Deploys")).StatusCode);
    }
}
