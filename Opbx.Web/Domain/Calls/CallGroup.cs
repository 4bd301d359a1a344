namespace Opbx.Domain.Calls;

/// <summary>One call: its legs (the call records sharing a linkedid), oldest first; the first leg says who called whom.</summary>
public sealed record CallGroup(string LinkedId, IReadOnlyList<CallLeg> Legs)
{
    public CallLeg First => Legs[0];
    public DateTimeOffset StartedAt => Legs.Min(l => l.StartedAt);
    /// <summary>Answered when any leg was; otherwise the first leg's outcome.</summary>
    public CallDisposition Disposition => Legs.Any(l => l.Disposition == CallDisposition.Answered) ? CallDisposition.Answered : First.Disposition;
    public int BillSeconds => Legs.Max(l => l.BillSeconds);
}
