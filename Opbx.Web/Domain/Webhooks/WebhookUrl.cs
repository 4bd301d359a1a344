using System.Net;

namespace Opbx.Domain.Webhooks;

/// <summary>
/// The address check at registration (the resolved addresses are checked again at every delivery, <see cref="WebhookSender"/>):
/// an absolute https URL (http only when the operator allows it), no user name or password in it, and no host that is
/// plainly private (an IP literal of <see cref="WebhookAddresses"/>, "localhost") unless private addresses are allowed.
/// </summary>
public static class WebhookUrl
{
    public const int MaxLength = 2000;

    /// <summary>The URL as it will be stored, or the reason it is refused.</summary>
    public static (string? Url, string? Error) Check(string? text, WebhookOptions options)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0) return (null, "Enter the endpoint's URL, like https://example.com/opbx-events.");
        if (value.Length > MaxLength) return (null, $"A URL is at most {MaxLength:N0} characters.");
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || value.Any(char.IsControl) || value.Contains(' '))
            return (null, "Enter a whole URL, like https://example.com/opbx-events.");
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
            return (null, options.AllowHttp ? "Use an https:// or http:// URL." : "Use an https:// URL: events carry call data and are only sent encrypted.");
        if (uri.UserInfo.Length > 0) return (null, "Leave the user name and password out of the URL; Opbx signs every delivery instead.");
        if (uri.Fragment.Length > 0) return (null, "Leave the #fragment out of the URL; it is never sent.");
        if (!options.AllowPrivateAddresses)
        {
            var host = uri.IdnHost.Trim('[', ']');
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var ip) && WebhookAddresses.IsPrivate(ip)))
                return (null, "This address is on a private or local network; Opbx only sends events to public internet addresses.");
        }
        return (uri.AbsoluteUri, null);
    }
}
