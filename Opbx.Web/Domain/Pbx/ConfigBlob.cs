namespace Opbx.Domain.Pbx;

/// <summary>The content of a generated file, stored once under its SHA-256 (lower-case hex), gzip-compressed.</summary>
public sealed class ConfigBlob
{
    public string Hash { get; set; } = "";
    public byte[] Content { get; set; } = [];
}
