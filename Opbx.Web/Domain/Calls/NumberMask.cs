namespace Opbx.Domain.Calls;

/// <summary>pii_masking: a caller's or callee's number keeps its last 3 characters, the rest become '*' ("+4930123456" → "********456").</summary>
public static class NumberMask
{
    public static string Mask(string number) =>
        number.Length == 0 ? "" : number.Length <= 3 ? new string('*', number.Length) : new string('*', number.Length - 3) + number[^3..];
}
