namespace Opbx.Domain.Calls;

/// <summary>Seen from the organization: a call from outside (a number or trunk), to outside, or between its own extensions.</summary>
public enum CallDirection
{
    Internal,
    Inbound,
    Outbound,
}
