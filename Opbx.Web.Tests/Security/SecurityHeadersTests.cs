using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;
using Opbx.Web;

namespace Opbx.Tests.Security;

/// <summary>
/// The browser protections on every response, and TLS behind a proxy: forwarded headers count only from the configured proxy,
/// which makes the request HTTPS (Secure cookies, HSTS) and names the client whose address the audit log keeps.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SecurityHeadersTests(OpbxApp app)
{
    [Fact]
    public async Task EveryResponseCarriesThePolicyAndNoHstsOverPlainHttp()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        foreach (var path in new[] { "/Identity/Account/Login", "/", "/healthz", "/css/site.css", "/lib/htmx/dist/htmx.min.js", "/api/v1/users", "/no/such/page", "/Status/500" })
        {
            var response = await http.GetAsync(path);
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, $"{path}: no Content-Security-Policy");
            var directives = Directives(csp);
            Assert.Equal("'self'", directives["script-src"]);
            Assert.Equal("'self'", directives["style-src"]);
            Assert.Equal("'none'", directives["frame-ancestors"]);
            Assert.Equal("'none'", directives["object-src"]);
            Assert.Equal("'self'", directives["form-action"]);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
            Assert.Null(Header(response, "Strict-Transport-Security"));
            Assert.Null(Header(response, "Server"));
        }
    }

    [Fact]
    public async Task TheApiDocsAloneAllowInlineStylesAndStillNoInlineScript()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        foreach (var path in new[] { "/api-docs/index.html", "/api-docs/v1/openapi.json" })
        {
            var directives = Directives(Header(await http.GetAsync(path), "Content-Security-Policy")!);
            Assert.Equal("'self' 'unsafe-inline'", directives["style-src"]);
            Assert.Equal("'self'", directives["script-src"]);
            Assert.Equal("'none'", directives["frame-ancestors"]);
        }
    }

    [Fact]
    public void KnownProxiesAreAddressesAndNetworks()
    {
        var (addresses, networks) = TrustedProxies.Parse("10.0.0.5, 10.1.0.0/16 ::1");
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.IPv6Loopback], addresses);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/16")], networks);
        Assert.Empty(TrustedProxies.Parse(null).Addresses);
        var wrong = Assert.Throws<InvalidOperationException>(() => TrustedProxies.Parse("10.0.0.5, nginx"));
        Assert.Contains("Opbx__Network__KnownProxies: \"nginx\"", wrong.Message);
    }

    [Fact]
    public async Task BehindTheConfiguredProxyTheRequestIsHttpsAndTheClientIsTheForwardedOne()
    {
        var org = await app.CreateOrganizationAsync();
        using var proxied = ProxyClient.Create(app.BaseUrl, "203.0.113.9");
        var session = await SignInAndSaveProfileAsync(proxied, org, "Olive via proxy");

        Assert.Equal("203.0.113.9", await LastAddressAsync(org.Owner.Id));
        Assert.Equal("max-age=31536000", session.Hsts);
        Assert.All(session.Cookies, c => Assert.Contains("secure", c.Value, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(session.Cookies, c => c.Key == "opbx");
        Assert.Contains(session.Cookies, c => c.Key.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(session.Cookies, c => c.Key == ".AspNetCore.Mvc.CookieTempDataProvider");
        Assert.Equal("203.0.113.9", await LastAddressAsync(org.Owner.Id));

        // The API behind the proxy as well.
        using var api = ProxyClient.Create(app.BaseUrl, "198.51.100.20");
        api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{org.ApiKeyId}:{org.ApiSecret}")));
        var created = await api.PostAsync("/api/v1/users", new StringContent($$"""{"name":"Via Proxy","email":"proxy-{{Guid.NewGuid():N}}@example.test","role":"reporter"}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("max-age=31536000", Header(created, "Strict-Transport-Security"));
        var address = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<OpbxDb>().AuditEntries
            .Where(a => a.Action == "membership.created").OrderByDescending(a => a.Id).Select(a => a.Address).FirstAsync());
        Assert.Equal("198.51.100.20", address);
    }

    [Fact]
    public async Task FromAnyoneElseForwardedHeadersChangeNothing()
    {
        var org = await app.CreateOrganizationAsync();
        using var direct = ProxyClient.Create(app.BaseUrl, "203.0.113.9", IPAddress.Loopback);
        var session = await SignInAndSaveProfileAsync(direct, org, "Olive direct");

        Assert.Null(session.Hsts);
        Assert.All(session.Cookies, c => Assert.DoesNotContain("secure", c.Value, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("127.0.0.1", await LastAddressAsync(org.Owner.Id));
    }

    private sealed record Session(string? Hsts, Dictionary<string, string> Cookies);

    /// <summary>Signs the owner in and saves their profile (a flash message, so a TempData cookie), carrying cookies by hand.</summary>
    private static async Task<Session> SignInAndSaveProfileAsync(HttpClient client, Opbx.Domain.Organizations.CreatedOrganization org, string name)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        string? hsts = null;
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = form is null ? null : new FormUrlEncodedContent(form) };
            if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value.Split(';')[0])));
            var response = await client.SendAsync(request);
            hsts ??= Header(response, "Strict-Transport-Security");
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
                cookies[set[..set.IndexOf('=')]] = set[(set.IndexOf('=') + 1)..];
            return response;
        }

        var login = await (await SendAsync(HttpMethod.Get, "/Identity/Account/Login")).Content.ReadAsStringAsync();
        var signIn = await SendAsync(HttpMethod.Post, "/Identity/Account/Login", new()
        {
            ["Input.Email"] = org.Owner.Email!,
            ["Input.Password"] = "Owner-password-1",
            ["__RequestVerificationToken"] = Token(login),
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        const string profile = "/Identity/Account/Manage";
        var page = await (await SendAsync(HttpMethod.Get, profile)).Content.ReadAsStringAsync();
        var saved = await SendAsync(HttpMethod.Post, profile, new() { ["Input.Name"] = name, ["__RequestVerificationToken"] = Token(page) });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return new Session(hsts, cookies);
    }

    private Task<string?> LastAddressAsync(Guid accountId) => app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().AuditEntries.IgnoreQueryFilters()
        .Where(a => a.TargetId == accountId.ToString() && a.Action == "account.updated").OrderByDescending(a => a.Id).Select(a => a.Address).FirstAsync());

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static Dictionary<string, string> Directives(string csp) => csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', 2)).ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
