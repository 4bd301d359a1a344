using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Opbx.Web.Metrics;

/// <summary>
/// Lets only the operator's scraper read /metrics: a direct request from <see cref="MetricsOptions.AllowedNetworks"/>
/// (loopback by default), or any request with the configured bearer token. A request that passed through a proxy is never
/// "local" (a reverse proxy on the same machine makes every visitor look like 127.0.0.1). Anyone else gets 404, as if
/// there were nothing there.
/// </summary>
public sealed class MetricsGate
{
    public const int MinimumTokenLength = 32;
    private readonly RequestDelegate _next;
    private readonly List<IPAddress> _addresses = [];
    private readonly List<System.Net.IPNetwork> _networks = [];
    private readonly byte[]? _token;

    public MetricsGate(RequestDelegate next, IOptions<OpbxOptions> options)
    {
        _next = next;
        var metrics = options.Value.Metrics;
        foreach (var entry in (metrics.AllowedNetworks ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var range)) _networks.Add(range);
            else if (IPAddress.TryParse(entry, out var address)) _addresses.Add(address);
            else throw new InvalidOperationException($"Opbx__Metrics__AllowedNetworks: \"{entry}\" is not an IP address or network (like 127.0.0.1 or 10.0.0.0/8).");
        }
        if (!string.IsNullOrEmpty(metrics.Token))
        {
            if (metrics.Token.Length < MinimumTokenLength) throw new InvalidOperationException($"Opbx__Metrics__Token must be at least {MinimumTokenLength} characters.");
            _token = Encoding.UTF8.GetBytes(metrics.Token);
        }
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (Allowed(context)) return _next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private bool Allowed(HttpContext context)
    {
        if (_token is not null && context.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), _token)) return true;
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("X-Original-For") || headers.ContainsKey("Forwarded")) return false;
        if (context.Connection.RemoteIpAddress is not { } remote) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return _addresses.Contains(remote) || _networks.Any(n => n.Contains(remote));
    }
}
