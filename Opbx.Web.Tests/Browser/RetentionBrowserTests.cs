using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>
/// The retention section of the platform jobs page in each of its states (nothing run yet, a run going on, a failed run with
/// its reason, a run finished by "Run now" and its organizations' rows) at a phone's width and a desktop's: nothing wider than
/// the window, axe passing, and a screenshot of each in TestResults/screenshots.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RetentionBrowserTests(OpbxApp app) : BrowserTest
{
    private static readonly int[] Widths = [PageChecks.Phone, PageChecks.Desktop];

    private Task Sweeps(Func<OpbxDb, Task> change) => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        await change(sp.GetRequiredService<OpbxDb>());
        return true;
    });

    private static async Task<IReadOnlyList<string>> LookAsync(PageChecks checks, string state)
    {
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            await checks.ResizeAsync(width);
            await Chromium.ScreenshotAsync(checks.Page, $"platform-jobs-retention-{state}-{width}");
            problems.AddRange(await checks.ProblemsAsync($"{state} @{width}"));
        }
        return problems;
    }

    [Fact]
    public async Task The_retention_section_holds_in_every_state_at_both_widths()
    {
        // The earlier tests' runs are removed so the empty state shows (this collection's tests run one at a time).
        await Sweeps(async db =>
        {
            await db.RetentionRuns.ExecuteDeleteAsync();
            await db.RetentionSweeps.ExecuteDeleteAsync();
        });
        var manager = await app.CreatePlatformManagerAsync();
        var checks = await PageChecks.OpenAsync(app, PageChecks.Desktop);
        var page = checks.Page;
        await Chromium.SignInAsync(page, manager.Email!, "Manager-password-1");
        var problems = new List<string>();

        await page.GotoAsync("/Platform/Jobs");
        await Assertions.Expect(page.Locator("#retention-runs-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#retention-state")).ToContainTextAsync("No retention run has been recorded yet");
        problems.AddRange(await LookAsync(checks, "empty"));

        // A run going on (held as the job's claim would be): the panel shows its progress and polls.
        var running = new RetentionSweep
        {
            Trigger = RetentionTrigger.Manual, StartedBy = "Pat Platform-Manager-With-A-Long-Name", StartedAt = DateTimeOffset.UtcNow,
            OrganizationsTotal = 12, OrganizationsDone = 5, CallRecordsDeleted = 1_234_567, RecordingsDeleted = 23_456, BytesFreed = 48_000_000_000,
        };
        await Sweeps(async db => { db.RetentionSweeps.Add(running); await db.SaveChangesAsync(); });
        await page.GotoAsync("/Platform/Jobs");
        await Assertions.Expect(page.Locator("#retention-progress[hx-trigger='every 2s']")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#retention-counts")).ToContainTextAsync("5 of 12 organizations done: 1,234,567 call records");
        problems.AddRange(await LookAsync(checks, "running"));

        // It fails, with a long reason: the panel stops polling and says why, wrapped at a phone's width.
        await Sweeps(db => db.RetentionSweeps.Where(s => s.Id == running.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, RetentionStatus.Failed).SetProperty(x => x.FinishedAt, DateTimeOffset.UtcNow)
            .SetProperty(x => x.Failure, "Retention failed for 1 of 12 organizations: Very Long Organization Name Incorporated: The database stayed busy " +
                "(another writer held its write lock) through 9 attempts; last error: SQLite Error 5: 'database is locked'.")));
        // One organization's share failed, with a long name and reason: its row in the list says why.
        var org = await app.CreateOrganizationAsync("Retained Co " + Guid.NewGuid().ToString("N")[..6]);
        await Sweeps(async db =>
        {
            db.RetentionRuns.Add(new RetentionRun
            {
                OrganizationId = org.Organization.Id, OrganizationName = "Very Long Organization Name Incorporated Of Somewhere", StartedAt = running.StartedAt,
                StartedBy = running.StartedBy, SweepId = running.Id, CallRecordsDeleted = 1_000_000, DurationMilliseconds = 86_000,
                Failure = "The database stayed busy (another writer held its write lock) through 9 attempts; last error: SQLite Error 5: 'database is locked'.",
            });
            await db.SaveChangesAsync();
        });
        await page.GotoAsync("/Platform/Jobs");
        await Assertions.Expect(page.Locator("#retention-progress")).ToContainTextAsync("database stayed busy");
        await Assertions.Expect(page.Locator("#retention-runs tbody tr", new() { HasText = "Very Long Organization" })).ToContainTextAsync("Failed");
        await Assertions.Expect(page.Locator("#retention-progress[hx-trigger]")).ToHaveCountAsync(0);
        problems.AddRange(await LookAsync(checks, "failed"));

        // "Run now": asked first, then the run goes in the background and the page follows it to the end, then lists its rows.
        await checks.ResizeAsync(PageChecks.Phone);
        string? question = null;
        page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await page.Locator("#retention-run-now").ClickAsync();
        await page.WaitForURLAsync("**/Platform/Jobs**");
        Assert.Contains("cannot be brought back", question);
        await Assertions.Expect(page.Locator("#retention-state")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#retention-runs tbody tr", new() { HasText = org.Organization.Name })).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        problems.AddRange(await LookAsync(checks, "runs"));

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
