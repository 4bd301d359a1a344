using Microsoft.Playwright;
using Opbx.Tests.Browser;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// The Content-Security-Policy in a real browser: the product's pages (htmx included) and the API documentation work under it,
/// and what it refuses is refused and reported, so every browser test (through <see cref="BrowserTest"/>) fails on a violation.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(OpbxApp app) : BrowserTest
{
    [Fact]
    public async Task InjectedInlineScriptAndStylesAreRefusedAndReported()
    {
        var page = await Chromium.NewPageAsync(app);
        await page.GotoAsync("/Identity/Account/Login");
        await page.EvaluateAsync("""
            () => {
                const script = document.createElement('script');
                script.textContent = 'window.injected = true';
                document.body.appendChild(script);
                document.body.setAttribute('style', 'background: red');
                const link = document.createElement('a');
                link.setAttribute('onclick', 'window.clicked = true');
                document.body.appendChild(link);
                link.click();
            }
            """);
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true || window.clicked === true"));
        var reported = await Chromium.TakeProblemsAsync();
        Assert.Contains(reported, p => p.Contains("CSP violation: script-src-elem", StringComparison.Ordinal));
        Assert.Contains(reported, p => p.Contains("CSP violation: script-src-attr", StringComparison.Ordinal));
        Assert.Contains(reported, p => p.Contains("CSP violation: style-src-attr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheApiDocumentationWorksUnderItsOwnPolicy()
    {
        var page = await Chromium.NewPageAsync(app);
        await page.GotoAsync("/api-docs");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Opbx API" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".opblock-summary-path").First).ToBeVisibleAsync();
        await page.Locator(".opblock-summary").First.ClickAsync();
        await Assertions.Expect(page.Locator(".opblock-body").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "api-docs");
    }

    [Fact]
    public async Task SelectAllWorksWithoutAnInlineHandler()
    {
        var org = await app.CreateOrganizationAsync();
        await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        await app.AddMemberAsync(org.Organization.Id, "reporter");
        var page = await Chromium.NewPageAsync(app);
        await Chromium.SignInAsync(page, org.Owner.Email!, "Owner-password-1");
        await page.GotoAsync($"/Org/{org.Organization.Id}/Users");
        // The two members: an owner's own row offers no bulk action on themselves, so it has no box.
        var boxes = page.Locator("#results input[name=selected]");
        await Assertions.Expect(boxes).ToHaveCountAsync(2);
        await page.GetByLabel("Select all users on this page").CheckAsync();
        for (var i = 0; i < 2; i++) await Assertions.Expect(boxes.Nth(i)).ToBeCheckedAsync();
        await page.GetByLabel("Select all users on this page").UncheckAsync();
        for (var i = 0; i < 2; i++) await Assertions.Expect(boxes.Nth(i)).Not.ToBeCheckedAsync();
    }
}
