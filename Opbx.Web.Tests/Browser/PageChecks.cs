using System.Text.Json;
using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>
/// What every page must hold at any width: nothing wider than the window (no sideways scrolling), no error in the
/// browser console, and no accessibility violation of serious or critical impact (axe-core, injected into each page).
/// </summary>
public sealed class PageChecks
{
    public const int Phone = 390;
    public const int Desktop = 1366;

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(Ports.RepositoryRoot(), "test-tools", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path)) throw new InvalidOperationException($"axe-core is not installed ({path}); run scripts/test.sh, which installs it.");
        return File.ReadAllText(path);
    });

    private readonly List<string> _console = [];

    private PageChecks(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") _console.Add(message.Text);
        };
        page.PageError += (_, error) => _console.Add("uncaught: " + error);
    }

    public IPage Page { get; }

    /// <summary>A page in a new browser context with axe-core added to every document it opens.</summary>
    public static async Task<PageChecks> OpenAsync(OpbxApp app, int width = Desktop)
    {
        var context = await (await Chromium.BrowserAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 844 },
        });
        // An init script is added by the browser itself, so the page's own script policy does not apply to it.
        await context.AddInitScriptAsync(AxeSource.Value);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return new PageChecks(page);
    }

    public Task ResizeAsync(int width) => Page.SetViewportSizeAsync(width, 844);

    /// <summary>Console errors since the last call (and forgets them).</summary>
    public IReadOnlyList<string> TakeConsoleErrors()
    {
        var errors = _console.ToList();
        _console.Clear();
        return errors;
    }

    /// <summary>How far the document reaches past the window's right edge, in CSS pixels (0 when it fits).</summary>
    public Task<int> OverflowAsync() =>
        Page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth");

    /// <summary>axe-core's violations of serious or critical impact, one line each: rule, impact, help, first elements.</summary>
    public async Task<IReadOnlyList<string>> SeriousAxeViolationsAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        return result.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>Fails with every problem of the page as it is now, each on its own line.</summary>
    public async Task AssertHoldsAsync(string where)
    {
        var problems = await ProblemsAsync(where);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Fails unless the page holds on a phone and on a desktop (it is left at the desktop width).</summary>
    public async Task AssertHoldsAtBothWidthsAsync(string where)
    {
        var problems = new List<string>();
        foreach (var width in new[] { Phone, Desktop })
        {
            await ResizeAsync(width);
            var found = await ProblemsAsync($"{where} @{width}");
            // What the page looked like when it failed, for whoever reads the failure.
            if (found.Count > 0) await Chromium.ScreenshotAsync(Page, $"failed-{string.Concat(where.Where(char.IsLetterOrDigit))}-{width}");
            problems.AddRange(found);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Every problem of the page as it is now, prefixed with <paramref name="where"/>; empty when it holds.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(string where, bool axe = true, Func<string, bool>? expectedConsoleError = null)
    {
        var problems = new List<string>();
        var overflow = await OverflowAsync();
        if (overflow > 0) problems.Add($"{where}: {overflow}px wider than the window");
        foreach (var error in TakeConsoleErrors().Where(e => expectedConsoleError is null || !expectedConsoleError(e)))
            problems.Add($"{where}: console error: {error}");
        if (axe)
        {
            foreach (var violation in await SeriousAxeViolationsAsync()) problems.Add($"{where}: axe {violation}");
        }
        return problems;
    }
}
