namespace Opbx.Domain.Pbx;

/// <summary>A trunk as a person fills it in. An empty password on an edit keeps the current one.</summary>
public sealed class TrunkInput
{
    public string? Name { get; set; }
    public string? Host { get; set; }
    public int Port { get; set; } = 5060;
    /// <summary>udp, tcp or tls.</summary>
    public string? Transport { get; set; } = "udp";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool Register { get; set; }
    /// <summary>The carrier's addresses (203.0.113.5) or networks (203.0.113.0/28) its calls come from.</summary>
    public List<string> InboundMatch { get; set; } = [];
    /// <summary>Calls at once over the trunk; 0 for no limit.</summary>
    public int MaxChannels { get; set; }
}
