namespace Opbx.Domain.Pbx;

/// <summary>
/// A list's members in order (ids and extension numbers) and how many it has: <see cref="Count"/> can be more than the
/// ids when only the first few were read (a list page shows the first members and the count).
/// </summary>
public sealed record ListMembers(IReadOnlyList<Guid> Ids, IReadOnlyList<string> Numbers, int Count)
{
    public static readonly ListMembers None = new([], [], 0);
}
