namespace Opbx.Domain.People;

/// <summary>What an import would do (dry run) or did: one row per line of the file, or a reason the file cannot be read.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRow> Rows, string? FileError)
{
    public int Count(ImportOutcome outcome) => Rows.Count(r => r.Outcome == outcome);
    public bool CanApply => FileError is null && Count(ImportOutcome.Error) == 0 && Count(ImportOutcome.Create) + Count(ImportOutcome.Update) > 0;
}
