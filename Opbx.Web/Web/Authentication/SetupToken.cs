using System.Security.Cryptography;

namespace Opbx.Web.Authentication;

/// <summary>The one-time link printed on the console when no platform manager exists and none is configured.</summary>
public sealed class SetupToken
{
    public string? Value { get; private set; }

    public string Issue() => Value = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public bool Redeem(string? candidate)
    {
        if (Value is null || candidate is null) return false;
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Value), System.Text.Encoding.ASCII.GetBytes(candidate))) return false;
        Value = null;
        return true;
    }

    public bool IsValid(string? candidate) => Value is not null && candidate == Value;
}
