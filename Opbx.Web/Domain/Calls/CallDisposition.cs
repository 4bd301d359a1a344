namespace Opbx.Domain.Calls;

/// <summary>Asterisk's CDR dispositions ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION").</summary>
public enum CallDisposition
{
    Answered,
    NoAnswer,
    Busy,
    Failed,
    Congestion,
}
