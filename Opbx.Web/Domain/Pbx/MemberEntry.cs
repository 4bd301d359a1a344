namespace Opbx.Domain.Pbx;

/// <summary>
/// One member of a list as <see cref="MemberList.ReadAsync"/> reads it: which list, which extension, its number and position.
/// A class with setters (not a positional record) so that EF Core can filter, group and order the projection in SQL.
/// </summary>
public sealed class MemberEntry
{
    public Guid ListId { get; init; }
    public Guid ExtensionId { get; init; }
    public string Number { get; init; } = "";
    public int Position { get; init; }
}
