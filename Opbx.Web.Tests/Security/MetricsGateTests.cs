using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Opbx.Web.Metrics;

namespace Opbx.Tests.Security;

/// <summary>Who may read /metrics: direct requests from the allowed networks, or a bearer token; never a proxied request without one.</summary>
public sealed class MetricsGateTests
{
    private const string Token = "0123456789abcdef0123456789abcdef-scraper";

    public static TheoryData<string, string?, string?, string?, bool> Cases => new()
    {
        // remote, X-Forwarded-For, Authorization, allowed networks, let through
        { "127.0.0.1", null, null, "127.0.0.0/8, ::1", true },
        { "::1", null, null, "127.0.0.0/8, ::1", true },
        { "::ffff:127.0.0.1", null, null, "127.0.0.0/8, ::1", true },
        { "127.0.0.1", "198.51.100.7", null, "127.0.0.0/8, ::1", false },
        { "203.0.113.5", null, null, "127.0.0.0/8, ::1", false },
        { "10.1.2.3", null, null, "10.0.0.0/8", true },
        { "10.1.2.3", null, null, "", false },
        { "203.0.113.5", null, "Bearer " + Token, "127.0.0.0/8", true },
        { "127.0.0.1", "198.51.100.7", "Bearer " + Token, "127.0.0.0/8", true },
        { "203.0.113.5", null, "Bearer " + Token + "x", "127.0.0.0/8", false },
        { "203.0.113.5", null, "Basic " + Token, "127.0.0.0/8", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_the_allowed_networks_or_the_token_read_metrics(string remote, string? forwardedFor, string? authorization, string? networks, bool allowed)
    {
        var reached = false;
        var gate = new MetricsGate(_ => { reached = true; return Task.CompletedTask; },
            Options.Create(new OpbxOptions { Metrics = new MetricsOptions { AllowedNetworks = networks, Token = Token } }));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        if (authorization is not null) context.Request.Headers.Authorization = authorization;

        await gate.InvokeAsync(context);

        Assert.Equal(allowed, reached);
        Assert.Equal(allowed ? 200 : 404, context.Response.StatusCode);
    }

    [Fact]
    public void A_short_token_or_a_wrong_network_stops_start_up_naming_the_setting()
    {
        Assert.Contains("Opbx__Metrics__Token", Assert.Throws<InvalidOperationException>(() =>
            new MetricsGate(_ => Task.CompletedTask, Options.Create(new OpbxOptions { Metrics = new MetricsOptions { Token = "short" } }))).Message);
        Assert.Contains("Opbx__Metrics__AllowedNetworks", Assert.Throws<InvalidOperationException>(() =>
            new MetricsGate(_ => Task.CompletedTask, Options.Create(new OpbxOptions { Metrics = new MetricsOptions { AllowedNetworks = "localhost" } }))).Message);
    }
}
