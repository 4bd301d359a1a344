using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Opbx.Bench;

/// <summary>
/// Takes the README's screenshots from a running Opbx filled by <c>seed-demo</c>, in Debian's headless Chromium:
/// Opbx.Bench screenshots --url URL --data DIR --password P --out DIR (see bench/screenshots.sh).
/// </summary>
public static class Screenshots
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        var url = options["url"];
        var password = options["password"];
        var output = options["out"];
        string hotel;
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(options["data"], "opbx.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var query = db.CreateCommand();
            query.CommandText = "SELECT Id FROM Organizations WHERE Name = 'Harbour View Hotel'";
            hotel = (string)(await query.ExecuteScalarAsync())!;
        }
        var org = $"/Org/{hotel}";

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run"],
        });

        async Task<IPage> SignedIn(string email, int width, int height)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new ViewportSize { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/Identity/Account/Login");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(u => !u.Contains("/Identity/Account/Login"));
            return page;
        }
        async Task Shot(IPage page, string path, string name, bool fullPage = false)
        {
            if (path.Length > 0) await page.GotoAsync(path);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, $"screenshot-{name}.png"), FullPage = fullPage });
            Console.WriteLine($"screenshot-{name}.png  {page.Url}");
        }

        var manager = await SignedIn("morgan.reyes@provider.example.com", 1360, 900);
        await Shot(manager, "/Platform/Organizations", "organizations");
        await Shot(manager, "/Platform/Audit", "platform-audit");

        var owner = await SignedIn("sofia.marquez@harbourview.example.com", 1366, 900);
        await Shot(owner, org, "org-dashboard", fullPage: true);
        await Shot(owner, $"{org}/Users?status=all", "org-users");
        await Shot(owner, $"{org}/Queues", "queues");
        await owner.GotoAsync($"{org}/Extensions/New");
        await owner.GetByLabel("Number").FillAsync("2101");
        await owner.GetByLabel("Name (optional)").FillAsync("Room 101");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create extension" }).ClickAsync();
        await owner.GetByRole(AriaRole.Heading, new() { Name = "Extension 2101 created" }).WaitForAsync();
        await Shot(owner, "", "extension-created");

        await owner.SetViewportSizeAsync(390, 844);
        await Shot(owner, $"{org}/Users", "phone-users", fullPage: true);
        return 0;
    }
}
