using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Opbx.Tests.Architecture;

/// <summary>
/// The layers depend one way: the doors (Pages, Api) and the web plumbing (Web: sign-in, filters, htmx, problem details)
/// on the domain, never back. Domain, data, jobs, e-mail, the command line and the Asterisk side know nothing of pages,
/// endpoints, web types or HTTP, and the rules module decides from what it is given, not from the database.
/// </summary>
public sealed class LayerTests
{
    private static readonly Types App = Types.InAssembly(typeof(Program).Assembly);

    public static TheoryData<string> Inner => new() { "Opbx.Domain", "Opbx.Data", "Opbx.Jobs", "Opbx.Email", "Opbx.Cli", "Opbx.Asterisk" };

    [Theory]
    [MemberData(nameof(Inner))]
    public void InnerLayersDoNotDependOnPagesEndpointsOrWebTypes(string layer)
    {
        var result = App.That().ResideInNamespaceMatching($"^{Regex.Escape(layer)}(\\..*)?$")
            .ShouldNot().HaveDependencyOnAny("Opbx.Pages", "Opbx.Api", "Opbx.Areas", "Opbx.Web")
            .GetResult();
        Assert.True(result.IsSuccessful, $"{layer} depends on pages, endpoints or web types: " + Failing(result));
    }

    [Theory]
    [MemberData(nameof(Inner))]
    public void InnerLayersDoNotUseHttpOrMvc(string layer)
    {
        var result = App.That().ResideInNamespaceMatching($"^{Regex.Escape(layer)}(\\..*)?$")
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Mvc")
            .GetResult();
        Assert.True(result.IsSuccessful, $"{layer} uses HTTP or MVC types: " + Failing(result));
    }

    [Fact]
    public void TheRulesModuleDoesNotTouchTheDatabase()
    {
        var result = App.That().ResideInNamespaceMatching(@"^Opbx\.Domain\.Rules$")
            .ShouldNot().HaveDependencyOnAny("Opbx.Data", "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite")
            .GetResult();
        Assert.True(result.IsSuccessful, "The rules module depends on the database: " + Failing(result));
    }

    /// <summary>
    /// The user manager runs under every change of an account, from pages, endpoints, jobs and the command line alike: it
    /// takes who acts, from where and in which session from <c>AuditActor</c>, and leaves re-issuing a cookie to the web
    /// layer (<c>OwnSessionRefreshFilter</c>), instead of reading the request (it once held an IHttpContextAccessor).
    /// </summary>
    [Fact]
    public void TheUserManagerDoesNotReachIntoTheRequest()
    {
        var result = App.That().Inherit(typeof(Microsoft.AspNetCore.Identity.UserManager<Opbx.Domain.People.Account>))
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Identity.SignInManager", "Opbx.Web")
            .GetResult();
        Assert.True(result.IsSuccessful, "The user manager reads the request: " + Failing(result));
    }

    /// <summary>
    /// Pages and endpoints are doors: they call domain services, which read and write the database, decide the rules and
    /// audit. None of them reaches the DbContext or the tenant filter itself.
    /// </summary>
    [Theory]
    [InlineData("Opbx.Pages")]
    [InlineData("Opbx.Api")]
    [InlineData("Opbx.Areas")]
    public void PagesAndEndpointsDoNotUseTheDatabase(string layer)
    {
        var result = App.That().ResideInNamespaceMatching($"^{Regex.Escape(layer)}(\\..*)?$")
            .ShouldNot().HaveDependencyOnAny(Database)
            .GetResult();
        Assert.True(result.IsSuccessful, $"{layer} uses the database directly: " + Failing(result));
    }

    /// <summary>A page model is a door wherever it is declared (a shared base class in Pages/Shared, or one outside Pages).</summary>
    [Fact]
    public void NoPageModelUsesTheDatabase()
    {
        var result = App.That().Inherit(typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel))
            .ShouldNot().HaveDependencyOnAny(Database)
            .GetResult();
        Assert.True(result.IsSuccessful, "A page model uses the database directly: " + Failing(result));
    }

    /// <summary>The DbContext, the tenant filter, the write lock and snapshot, and the drivers beneath them.</summary>
    private static readonly string[] Database =
    [
        "Opbx.Data.OpbxDb", "Opbx.Data.TenantContext", "Opbx.Data.WriteTransaction", "Opbx.Data.ReadSnapshot",
        "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite",
    ];

    /// <summary>The failing types; and a rule over no types would pass whatever the code does, so each layer named must exist.</summary>
    private static string Failing(TestResult result)
    {
        Assert.NotEmpty(result.SelectedTypesForTesting ?? []);
        return string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []);
    }
}
