using Microsoft.Playwright;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright, launched once per test run; each test gets its own context (cookies).</summary>
public static class Chromium
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

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
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return page;
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
