using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Opbx.Tests.Architecture;

/// <summary>
/// The layers depend one way: the doors (Pages, Api) on the domain, never back. Domain, data, jobs, e-mail and the Asterisk
/// side know nothing of pages, endpoints or HTTP, and the rules module decides from what it is given, not from the database.
/// </summary>
public sealed class LayerTests
{
    private static readonly Types App = Types.InAssembly(typeof(Program).Assembly);

    public static TheoryData<string> Inner => new() { "Opbx.Domain", "Opbx.Data", "Opbx.Jobs", "Opbx.Email", "Opbx.Asterisk" };

    [Theory]
    [MemberData(nameof(Inner))]
    public void InnerLayersDoNotDependOnPagesOrEndpoints(string layer)
    {
        var result = App.That().ResideInNamespaceMatching($"^{Regex.Escape(layer)}(\\..*)?$")
            .ShouldNot().HaveDependencyOnAny("Opbx.Pages", "Opbx.Api", "Opbx.Areas")
            .GetResult();
        Assert.True(result.IsSuccessful, $"{layer} depends on pages or endpoints: " + Failing(result));
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
            .ShouldNot().HaveDependencyOnAny("Opbx.Data", "Microsoft.EntityFrameworkCore")
            .GetResult();
        Assert.True(result.IsSuccessful, "The rules module depends on the database: " + Failing(result));
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
            .ShouldNot().HaveDependencyOnAny("Opbx.Data.OpbxDb", "Opbx.Data.TenantContext", "Microsoft.EntityFrameworkCore")
            .GetResult();
        Assert.True(result.IsSuccessful, $"{layer} uses the database directly: " + Failing(result));
    }

    /// <summary>The failing types; and a rule over no types would pass whatever the code does, so each layer named must exist.</summary>
    private static string Failing(TestResult result)
    {
        Assert.NotEmpty(result.SelectedTypesForTesting ?? []);
        return string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []);
    }
}
