namespace Opbx.Pages.Org;

/// <summary>
/// An ordered choice (ring group members, a route's trunks): one select per position, posted as <c>Name[0]</c>, <c>Name[1]</c>…
/// in order; empty positions are left out. <see cref="Name"/> is also the key of its error messages.
/// </summary>
public sealed record OrderedPick(string Name, string Legend, string Item, IReadOnlyList<Guid?> Chosen, IReadOnlyList<Choice> Options, string Help)
{
    /// <summary>The chosen ones and a few empty positions to add more (never more positions than there are options).</summary>
    public int Rows => Math.Max(1, Math.Min(Math.Max(Options.Count, Chosen.Count), Chosen.Count + 3));
}
