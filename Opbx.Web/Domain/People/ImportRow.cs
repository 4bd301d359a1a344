namespace Opbx.Domain.People;

public sealed record ImportRow(int Line, string Name, string Email, string Role, string? Extension, ImportOutcome Outcome, string Message);
