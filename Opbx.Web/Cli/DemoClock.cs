namespace Opbx.Cli;

/// <summary>
/// The clock of <c>seed-demo</c>: the real time moved back by a settable amount, so the demo's history (created times, audit
/// entries, deploys, invitations) spreads over the past weeks as it would in an organization that has been in use. Only the
/// demo command registers it; it ends at the real time, so nothing it wrote lies in the future.
/// </summary>
public sealed class DemoClock : TimeProvider
{
    private TimeSpan _back;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() - _back;

    /// <summary>From now on the clock reads <paramref name="days"/> days and <paramref name="hours"/> hours before the real time.</summary>
    public void Ago(double days, double hours = 0) => _back = TimeSpan.FromDays(days) + TimeSpan.FromHours(hours);

    public void Now() => _back = TimeSpan.Zero;
}
