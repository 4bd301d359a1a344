namespace Opbx.Domain.Rules;

/// <summary>What a rule says about an action: allowed, or refused with a reason a person can read.</summary>
public readonly record struct Verdict(Outcome Outcome, string Message, IReadOnlyDictionary<string, object?>? Data = null)
{
    public static readonly Verdict Allow = new(Outcome.Allowed, "");
    public static Verdict Forbid(string message, IReadOnlyDictionary<string, object?>? data = null) => new(Outcome.Forbidden, message, data);
    public static Verdict Conflict(string message) => new(Outcome.Conflict, message);

    public bool IsAllowed => Outcome == Outcome.Allowed;

    public void ThrowIfDenied()
    {
        if (!IsAllowed) throw new RuleViolationException(this);
    }
}
