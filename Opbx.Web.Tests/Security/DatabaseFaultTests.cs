using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// The database busy (another process holds the write lock) or its disk full: a bounded wait, then 503 with Retry-After and
/// a clear page or ProblemDetails, never a 30-second hang or a 500; /healthz says so while it lasts.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DatabaseFaultTests(OpbxApp app)
{
    private string DatabaseFile => Path.Combine(app.DataDirectory, "opbx.db");

    [Fact]
    public async Task WhileAnotherProcessHoldsTheWriteLockWritesAnswer503AfterAtMostFiveSeconds()
    {
        var org = await app.CreateOrganizationAsync();
        using var key = ApiClient.Key(app, org);
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        const string profile = "/Identity/Account/Manage";
        await owner.GetHtmlAsync(profile);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        // Another writer (as a second process would) takes the write lock and keeps it.
        using (new WriteLock(DatabaseFile))
        {

            var clock = Stopwatch.StartNew();
            var api = await key.PostAsync("/api/v1/users", new { name = "Busy Bee", email = $"busy-{Guid.NewGuid():N}@example.test", role = "reporter" });
            var waited = clock.Elapsed;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            Assert.Equal("The database is busy", (string?)(await ApiClient.JsonAsync(api))["title"]);
            Assert.Equal(TimeSpan.FromSeconds(5), api.Headers.RetryAfter?.Delta);
            Assert.InRange(waited, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9));

            clock.Restart();
            var page = await owner.PostFormAsync(profile, new() { ["Input.Name"] = "Busy Owner" }, profile);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.NotNull(page.Headers.RetryAfter);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("The database is busy", html);
            Assert.Contains("Request id", html);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(12));
            // Error responses keep the security headers (the exception handler clears the response it replaces).
            Assert.True(page.Headers.Contains("Content-Security-Policy") && api.Headers.Contains("X-Content-Type-Options"));

            var health = await http.GetAsync("/healthz");
            Assert.StartsWith("Degraded", await health.Content.ReadAsStringAsync());
        }
        var after = await key.PostAsync("/api/v1/users", new { name = "Busy Bee", email = $"busy-{Guid.NewGuid():N}@example.test", role = "reporter" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task WhileAnotherWriterHoldsTheLockPagesStillReadAndTheSessionsLastUseWaitsForLater()
    {
        var org = await app.CreateOrganizationAsync();
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        const string profile = "/Identity/Account/Manage";
        await owner.GetHtmlAsync(profile);
        // The session was last noted long ago, so the next request notes it again: a write.
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Data.OpbxDb>().AccountSessions.Where(s => s.AccountId == org.Owner.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, longAgo)));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // past the one-second cache of the session check

        using (new WriteLock(DatabaseFile))
        {

            var clock = Stopwatch.StartNew();
            var page = await owner.GetAsync(profile);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(profile)).StatusCode);
        var seen = await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Data.OpbxDb>().AccountSessions
            .Where(s => s.AccountId == org.Owner.Id).Select(s => s.LastSeenAt).ToListAsync());
        Assert.Contains(seen, s => s > longAgo.AddMinutes(5));
    }

    [Fact]
    public async Task AFullDiskAnswers503WithAClearMessageAndHealthzIsUnhealthyUntilThereIsRoomAgain()
    {
        var org = await app.CreateOrganizationAsync(configure: s => { s.MaxApiKeys = 100; s.MaxUsers = 1_000; });
        using var key = ApiClient.Key(app, org);
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var settings = $"/Org/{org.Organization.Id}/Settings";
        await owner.GetHtmlAsync(settings);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        // No free pages left inside the file, so every write that needs a page must grow it, which the "full disk" refuses.
        await using (var vacuum = new SqliteConnection($"Data Source={DatabaseFile}"))
        {
            await vacuum.OpenAsync();
            await using var command = vacuum.CreateCommand();
            command.CommandText = "VACUUM";
            await command.ExecuteNonQueryAsync();
        }
        app.Disk.Full = true;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            var health = await http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.StartsWith("Unhealthy: The server's disk is full", await health.Content.ReadAsStringAsync());

            // A write that happens to fit in a page with room left still succeeds, as on a real disk; the next ones cannot.
            HttpResponseMessage? refused = null;
            for (var i = 0; i < 30 && refused is null; i++)
            {
                var response = await key.PostAsync("/api/v1/users", new { name = $"Full {i}", email = $"full-{Guid.NewGuid():N}@example.test", role = "reporter" });
                if (response.StatusCode != HttpStatusCode.Created) refused = response;
            }
            Assert.NotNull(refused);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("The server's disk is full", (string?)(await ApiClient.JsonAsync(refused))["title"]);
            Assert.NotNull(refused.Headers.RetryAfter);

            HttpResponseMessage? page = null;
            for (var i = 0; i < 30 && page is null; i++)
            {
                var response = await owner.PostFormAsync($"{settings}?handler=CreateKey", new() { ["KeyName"] = $"Full {i}", ["KeyScopes"] = "users:read" }, settings);
                if (response.StatusCode != HttpStatusCode.OK) page = response;
            }
            Assert.NotNull(page);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("The server&#x27;s disk is full", html);
            Assert.Contains("Nothing was saved", html);
        }
        finally
        {
            app.Disk.Full = false;
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal("Healthy", await (await http.GetAsync("/healthz")).Content.ReadAsStringAsync());
        var after = await key.PostAsync("/api/v1/users", new { name = "Room again", email = $"room-{Guid.NewGuid():N}@example.test", role = "reporter" });
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
    }

    [Fact]
    public async Task HealthzStaysCheap()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await http.GetAsync("/healthz");
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        times.Sort();
        // About a millisecond; generous for a loaded 2-core machine. The write probe runs at most once a second.
        Assert.True(times[times.Count / 2] < 10, $"median {times[times.Count / 2]:F1} ms");
    }
}
