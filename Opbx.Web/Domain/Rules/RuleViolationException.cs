namespace Opbx.Domain.Rules;

/// <summary>
/// A rule of SPEC §2 refused an action; the UI shows the message, the API answers ProblemDetails. <see cref="Field"/>
/// names the input the refusal is about (e.g. a duplicate e-mail), so a form can show it next to that field.
/// </summary>
public sealed class RuleViolationException(Verdict verdict, string? field = null) : Exception(verdict.Message)
{
    public Verdict Verdict { get; } = verdict;
    public string? Field { get; } = field;
}
