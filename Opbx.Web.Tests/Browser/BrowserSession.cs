using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, launched once per test run; each test gets its own context (cookies). Every page
/// it opens is watched: a Content-Security-Policy violation, a console error or an uncaught script error fails the test
/// (<see cref="BrowserTest"/> checks at the end of each test; <see cref="ExpectConsoleError"/> names the ones a test provokes).
/// </summary>
public static class Chromium
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static readonly List<WatchedPage> Watched = [];

    private sealed class WatchedPage(IPage page)
    {
        public IPage Page { get; } = page;
        public List<string> Problems { get; } = [];
        public List<string> Expected { get; } = [];
    }

    public static string ScreenshotDirectory { get; } = Path.Combine(Ports.RepositoryRoot(), "TestResults", "screenshots");

    public static async Task<IBrowser> BrowserAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true }) return _browser;
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<IPage> NewPageAsync(OpbxApp app)
    {
        var context = await (await BrowserAsync()).NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1360, Height = 900 } });
        // The browser reports each violation on the console as an error; this adds which directive and what it blocked.
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error("
            + "`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || 'page'}:${e.lineNumber})`))");
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(page);
        page.Console += (_, message) =>
        {
            if (message.Type != "error") return;
            // A filter typed quickly supersedes its own request (hx-sync="this:replace"): htmx logs the abort of the old one
            // as an error ("htmx:afterRequest" then "htmx:sendAbort"). That is the filter working, not a fault.
            if (message.Text.StartsWith("htmx:sendAbort", StringComparison.Ordinal))
            {
                lock (watched.Problems)
                {
                    var request = watched.Problems.FindLastIndex(p => p.Contains(": htmx:afterRequest", StringComparison.Ordinal));
                    if (request >= 0) watched.Problems.RemoveAt(request);
                }
                return;
            }
            Record(watched, $"console error on {page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => Record(watched, $"uncaught script error on {page.Url}: {error}");
        // A server error or a request that got no answer is printed as it happens (to the test run's log), so an assertion
        // that times out waiting for what the request should have shown has its cause beside it.
        page.Response += (_, response) =>
        {
            if (response.Status >= 500) Console.Error.WriteLine($"browser: {response.Request.Method} {response.Url} answered {response.Status} at {DateTime.UtcNow:HH:mm:ss.fff}");
        };
        page.RequestFailed += (_, request) =>
        {
            // Aborted on purpose: a navigation away, or a filter's request superseded by the next keystroke.
            if (request.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) == true) return;
            Console.Error.WriteLine($"browser: {request.Method} {request.Url} failed ({request.Failure}) at {DateTime.UtcNow:HH:mm:ss.fff}");
        };
        lock (Watched) Watched.Add(watched);
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return page;
    }

    private static void Record(WatchedPage page, string problem)
    {
        lock (page.Problems) page.Problems.Add(problem);
    }

    /// <summary>A console error this test provokes on purpose (a refused htmx request logs one), matched by a fragment of its text.</summary>
    public static void ExpectConsoleError(IPage page, string fragment)
    {
        lock (Watched) Watched.Single(w => w.Page == page).Expected.Add(fragment);
    }

    /// <summary>
    /// The problems recorded on the pages opened since the last check (CSP violations, unexpected console errors, uncaught
    /// script errors), and forgets those pages. Closes their browser contexts.
    /// </summary>
    public static async Task<IReadOnlyList<string>> TakeProblemsAsync()
    {
        List<WatchedPage> pages;
        lock (Watched)
        {
            pages = [.. Watched];
            Watched.Clear();
        }
        var problems = new List<string>();
        foreach (var page in pages)
        {
            lock (page.Problems)
            {
                problems.AddRange(page.Problems.Where(p => p.Contains("CSP violation", StringComparison.Ordinal)
                    || p.Contains("Content Security Policy", StringComparison.Ordinal) || !page.Expected.Any(e => p.Contains(e, StringComparison.Ordinal))));
            }
            await page.Page.Context.CloseAsync();
        }
        return problems;
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Identity/Account/Login"));
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }
}
