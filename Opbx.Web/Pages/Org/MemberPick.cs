namespace Opbx.Pages.Org;

/// <summary>
/// The extensions of a ring group or queue, in order: one text field per position, posted as <c>Name[0]</c>, <c>Name[1]</c>…
/// (empty positions are left out), each offering the extensions that match what is typed, asked of the server a few at a
/// time (<see cref="OptionsUrl"/>), since an organization may have thousands. <see cref="Name"/> is also the key of its errors.
/// </summary>
public sealed record MemberPick(string Name, string Legend, string Item, IReadOnlyList<string?> Chosen, string Help, string OptionsUrl, int Max)
{
    /// <summary>The chosen ones and a few empty positions to add more (never more than the list may hold).</summary>
    public int Rows => Math.Max(1, Math.Min(Max, Chosen.Count + 3));

    /// <summary>The members of a ring group or queue, posted as <c>MemberIds</c> (the key of the domain's member errors too).</summary>
    public static MemberPick Members(IReadOnlyList<string?> chosen, string help, Web.Tenancy.OrgContext org, int max) =>
        new("MemberIds", "Members", "Member", chosen, help, org.Path("/Pick?handler=Extensions"), max);
}
