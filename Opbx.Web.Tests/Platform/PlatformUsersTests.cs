using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Domain.People;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

[Collection(AppCollection.Name)]
public sealed partial class PlatformUsersTests(OpbxApp app)
{
    [Fact]
    public async Task TheLastPlatformManagerAndYourselfAreProtectedWithAReasonOnThePage()
    {
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var adminId = await app.AdminIdAsync();
        var page = $"/Platform/Users/{adminId}";
        var deactivate = await session.PostFormAsync($"{page}?handler=Deactivate", new(), pagePath: page);
        Assert.Equal(HttpStatusCode.OK, deactivate.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(AccessRules.OwnDeactivate), await deactivate.Content.ReadAsStringAsync());
        var delete = await session.PostFormAsync($"{page}?handler=Delete", new(), pagePath: page);
        Assert.Contains(WebUtility.HtmlEncode(AccessRules.OwnDelete), await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SearchFindsPeopleByAnyPartOfTheirNameOrEmailAfterARename()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var admin = await app.AdminActorAsync();
        var unique = "Zephyrine" + Guid.NewGuid().ToString("N")[..5];
        await app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().UpdateProfileAsync(admin, member.AccountId, $"Ms {unique} Quill", member.Account!.Email!, null));
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        Assert.Contains($"Ms {unique} Quill", await session.GetHtmlAsync($"/Platform/Users?q={unique[3..]}"));   // inside a word, via the trigram index
        Assert.Contains($"Ms {unique} Quill", await session.GetHtmlAsync($"/Platform/Users?q={member.Account!.Email![..10]}"));
        Assert.DoesNotContain("Member pbx_user</a>", await session.GetHtmlAsync($"/Platform/Users?q={unique}&status=inactive"));
    }

    // More accounts match than the list counts (2,060 share the text): the page says "more than 2,000", offers Next while a
    // page follows and not on the last, and a filter that leaves a few of them counts those exactly.
    [Fact]
    public async Task ABroadSearchSaysMoreThanItCountsAndPagesToTheEnd()
    {
        var marker = "Wqk" + Guid.NewGuid().ToString("N")[..5];
        const int matching = AccountSearch.FewMatches + 60;
        // Every third is inactive: 687 inactive, 1,373 active. Straight into the table (the triggers keep the index and
        // the tally), and out again at the end: the collection shares one database.
        var upper = marker.ToUpperInvariant();
        await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Data.OpbxDb>().Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {matching - 1})
            INSERT INTO Accounts (Id, Name, IsActive, IsPlatformManager, MustChangePassword, CreatedAt, UserName, NormalizedUserName, Email,
                NormalizedEmail, EmailConfirmed, SecurityStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
                'Zz ' || {marker} || ' ' || printf('%04d', i), i % 3 <> 0, 0, 0, 638398681200000000,
                {marker} || i || '@example.test', {upper} || i || '@EXAMPLE.TEST', {marker} || i || '@example.test', {upper} || i || '@EXAMPLE.TEST',
                1, lower(hex(randomblob(16))), 0, 0, 1, 0
            FROM n
            """));
        try
        {
            await app.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<Opbx.Data.OpbxDb>();
                using var _ = db.Tenant.AcrossOrganizations();
                var search = await AccountSearch.RunAsync(db, marker, default);
                Assert.True(search.Many);
                Assert.Null(search.Matches);
                // Uncounted, the first page of 105,000 accounts walks the name index (at most 26 × 105,000 ÷ 2,001 checks);
                // page 83 counts the matches, 2,060, and sorts them rather than check about 100,000 accounts on the way.
                Assert.Equal(AccountSearch.Plan.NameOrder, await search.ChooseAsync(db, 105_000, 26, false, default));
                Assert.Equal(AccountSearch.Plan.Lookup, await search.ChooseAsync(db, 105_000, 83 * 25 + 1, false, default));
            });
            using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
            var first = await session.GetHtmlAsync($"/Platform/Users?q={marker}");
            Assert.Contains("More than 2,000 users · page 1<", first);
            Assert.Contains($"Zz {marker} 0000", first);
            Assert.Contains($"Zz {marker} 0024", first);
            Assert.DoesNotContain($"Zz {marker} 0025", first);
            Assert.False(NextDisabled(first));
            // 82 full pages and 10 rows on the 83rd, the last.
            var before = await session.GetHtmlAsync($"/Platform/Users?q={marker}&page=82");
            Assert.Contains($"Zz {marker} 2049", before);
            Assert.False(NextDisabled(before));
            var last = await session.GetHtmlAsync($"/Platform/Users?q={marker}&page=83");
            Assert.Contains("More than 2,000 users · page 83<", last);
            Assert.Contains($"Zz {marker} 2059", last);
            Assert.Equal(10, Regex.Count(last, $"Zz {marker} \\d{{4}}</a>"));
            Assert.True(NextDisabled(last));
            // A filter that leaves a few is counted, and pages to its end; one that leaves many is not counted.
            var inactive = await session.GetHtmlAsync($"/Platform/Users?q={marker}&status=inactive&page=28");
            Assert.Contains("687 users · page 28 of 28<", inactive);
            Assert.Contains($"Zz {marker} 2058", inactive);
            Assert.True(NextDisabled(inactive));
            var active = await session.GetHtmlAsync($"/Platform/Users?q={marker}&status=active");
            Assert.Contains("1,373 users · page 1 of 55<", active);
            Assert.Contains($"Zz {marker} 0001", active);
            Assert.DoesNotContain($"Zz {marker} 0000", active);
            Assert.Contains("More than 2,000 users · page 1<", await session.GetHtmlAsync($"/Platform/Users?q={marker}&pm=no"));
            // A page far past the end is empty, not the first page again (its offset once wrapped round past int).
            Assert.DoesNotContain($"Zz {marker} ", await session.GetHtmlAsync($"/Platform/Users?q={marker}&page=100000000"));
            Assert.DoesNotContain($"Zz {marker} ", await session.GetHtmlAsync($"/Platform/Users?q={marker}&status=inactive&page=2147483647"));
        }
        finally
        {
            await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Data.OpbxDb>().Database.ExecuteSqlAsync(
                $"DELETE FROM Accounts WHERE NormalizedEmail LIKE {upper + "%"}"));
        }

        static bool NextDisabled(string html) =>
            Regex.Match(html, "<li class=\"page-item ([a-z]*)\">\\s*<a [^>]*>Next</a>").Groups[1].Value == "disabled";
    }

    // NUL, FTS5 syntax (quotes, NEAR, *, column filter), SQL and LIKE characters, as typed into the search box (no
    // hex letters around the NUL: generated e-mails hold GUIDs).
    [Theory]
    [InlineData("zq%00xj")]
    [InlineData("%22%22%22")]
    [InlineData("NEAR(ab%20cd)")]
    [InlineData("*ab")]
    [InlineData("Name%3Aab")]
    [InlineData("%27%3B--")]
    [InlineData("a%5Cb%25_c")]
    public async Task HostileSearchTextFindsNothingInsteadOfFailing(string typed)
    {
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        Assert.Contains("No users match", await session.GetHtmlAsync($"/Platform/Users?q={typed}"));
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Opbx.Data.OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            // The members search of a large organization asks the same index first.
            var search = await AccountSearch.RunAsync(db, Uri.UnescapeDataString(typed), default);
            if (search.FewMembers(db, 1) is { } few) Assert.Empty(await few.ToListAsync());
        });
    }

    [Fact]
    public async Task CreatingAUserInAnOrganizationFromThePlatformShowsFieldErrors()
    {
        var org = await app.CreateOrganizationAsync();
        using var session = await WebSession.SignInAsync(app, OpbxApp.AdminEmail, OpbxApp.AdminPassword);
        var response = await session.PostFormAsync($"/Platform/Users/New?org={org.Organization.Id}", new()
        {
            ["Input.Name"] = "",
            ["Input.Email"] = "nope",
            ["Input.Role"] = "owner",
            ["Input.SendInvitation"] = "false",
            ["Input.Password"] = "short",
        }, pagePath: "/Platform/Users/New");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a name of 1 to 100 characters.", html);
        Assert.Contains("Enter a valid email address", html);
        Assert.Contains("Passwords must be at least 12 characters", html);
        Assert.Contains("aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task ForgottenPasswordsAreResetByEmail()
    {
        var org = await app.CreateOrganizationAsync();
        using var session = new WebSession(app.BaseUrl);
        var forgot = await session.PostFormAsync("/Identity/Account/ForgotPassword", new() { ["Input.Email"] = org.Owner.Email! });
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        var message = await app.Mail.WaitForAsync(org.Owner.Email!, "Reset your password");
        var link = WebUtility.HtmlDecode(LinkPattern().Match(message.Html).Groups[1].Value);
        var path = new Uri(link).PathAndQuery;
        // The reset page decodes the link's code into its form, as a browser would post it back.
        var code = WebUtility.HtmlDecode(Regex.Match(await session.GetHtmlAsync(path), "name=\"Input.Code\" value=\"([^\"]+)\"").Groups[1].Value);
        var reset = await session.PostFormAsync("/Identity/Account/ResetPassword", new()
        {
            ["Input.Email"] = org.Owner.Email!,
            ["Input.Password"] = "Brand-new-password-9",
            ["Input.ConfirmPassword"] = "Brand-new-password-9",
            ["Input.Code"] = code,
        }, pagePath: path);
        Assert.True(reset.StatusCode == HttpStatusCode.Redirect, path + " " + WebSession.Errors(await reset.Content.ReadAsStringAsync()));
        using var signedIn = await WebSession.SignInAsync(app, org.Owner.Email!, "Brand-new-password-9");
    }

    [GeneratedRegex("href=['\"]([^'\"]+)['\"]")]
    private static partial Regex LinkPattern();
}
