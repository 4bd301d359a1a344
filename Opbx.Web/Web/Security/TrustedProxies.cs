using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Opbx.Data;

namespace Opbx.Web.Security;

/// <summary>
/// Behind a TLS-terminating reverse proxy, the proxy's X-Forwarded-For and X-Forwarded-Proto say who the client is and
/// that the request was HTTPS (so cookies are Secure and HSTS is sent). They are believed only from the proxies the
/// operator lists in Opbx__Network__KnownProxies; from anyone else they are ignored, or any client could claim any address.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, NetworkOptions network)
    {
        var (addresses, networks) = Parse(network.KnownProxies);
        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what the operator configured counts.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in addresses) o.KnownProxies.Add(address);
            foreach (var range in networks) o.KnownIPNetworks.Add(range);
            // Hops are taken from the right while they come from a listed proxy, so a chain of listed proxies works.
            o.ForwardLimit = null;
        });
    }

    /// <summary>Parses "10.0.0.5, 10.1.0.0/16"; a wrong entry stops start-up naming the setting.</summary>
    public static (List<IPAddress> Addresses, List<System.Net.IPNetwork> Networks) Parse(string? text)
    {
        var addresses = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var range)) networks.Add(range);
            else if (IPAddress.TryParse(entry, out var address)) addresses.Add(address);
            else throw new InvalidOperationException($"Opbx__Network__KnownProxies: \"{entry}\" is not an IP address or network (like 10.0.0.5 or 10.0.0.0/8).");
        }
        return (addresses, networks);
    }

    /// <summary>Records the client's address (the proxy's word for it when the proxy is trusted) for the audit entries of the request.</summary>
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.RequestServices.GetRequiredService<AuditActor>().Address = context.Connection.RemoteIpAddress?.ToString();
        return next(context);
    });
}
