namespace Opbx.Domain.Rules;

/// <summary>A rule of SPEC §2 refused an action; the UI shows the message, the API answers ProblemDetails.</summary>
public sealed class RuleViolationException(Verdict verdict) : Exception(verdict.Message)
{
    public Verdict Verdict { get; } = verdict;
}
