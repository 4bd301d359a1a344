using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Opbx;

/// <summary>
/// Where people reach Opbx, for the links it prints and sends: <c>Opbx__PublicBaseUrl</c> when set (behind a proxy it must be),
/// otherwise the first address the server actually listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), with a wildcard host
/// (0.0.0.0, [::], +, *) shown as localhost. Read when a link is made, so a server that has started gives its real port.
/// </summary>
public sealed class PublicAddress(IOptions<OpbxOptions> options, IServer server)
{
    /// <summary>ASP.NET Core's own default, for a command that runs without a server.</summary>
    private const string Fallback = "http://localhost:5000";

    public string BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)) return options.Value.PublicBaseUrl.TrimEnd('/');
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (listening is null) return Fallback;
            var uri = new Uri(listening.Replace("://+", "://localhost").Replace("://*", "://localhost"));
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
            return new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
        }
    }
}
