namespace Opbx.Domain.Pbx;

/// <summary>How many of a limited resource the organization uses, against its limit ("3 of 5 used").</summary>
public sealed record LimitUsage(int Used, int Limit)
{
    public bool Reached => Used >= Limit;
}
