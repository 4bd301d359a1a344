namespace Opbx.Pages.Org.Extensions;

/// <summary>How a phone's registration reads in the list.</summary>
public static class Registrations
{
    /// <summary>Where the phone is reached, "203.0.113.5:5060" out of "sip:alice@203.0.113.5:5060;transport=udp".</summary>
    public static string Contact(string uri)
    {
        var text = uri.Trim('<', '>');
        var at = text.IndexOf('@');
        if (at >= 0) text = text[(at + 1)..];
        else if (text.IndexOf(':') is var scheme and >= 0 && text[..scheme] is "sip" or "sips") text = text[(scheme + 1)..];
        var end = text.IndexOfAny([';', '>', '?']);
        return end >= 0 ? text[..end] : text;
    }
}
