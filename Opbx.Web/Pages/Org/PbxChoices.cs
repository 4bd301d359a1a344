using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>
/// What the organization's telephony forms offer to choose from (extensions and destinations a few at a time, as pickers
/// search them; members, trunks, numbers) and the words lists use for a destination. Read through the domain services, so the tenant filter applies.
/// </summary>
public sealed class PbxChoices(ExtensionService extensions, RingGroupService groups, QueueService queues, TrunkService trunks, DidService numbers,
    MemberService members, PbxDirectory directory, OrgContext org)
{
    /// <summary>Whether the organization's voicemail feature is on: off, no voicemail fields or destinations are offered.</summary>
    public bool Voicemail => org.Organization?.Voicemail == true;

    /// <summary>How many suggestions a picker shows at once: enough to choose from, few enough to read.</summary>
    public const int PickLimit = 20;

    /// <summary>Extensions matching what was typed (number prefix or name), as a member picker offers them.</summary>
    public async Task<IReadOnlyList<string>> ExtensionOptionsAsync(string? typed, CancellationToken ct) =>
        (await directory.ExtensionsAsync(PickText.Number(typed) ?? typed, PickLimit, ct)).Select(t => PickText.Extension(t.Number, t.Name)).ToList();

    /// <summary>
    /// Destinations matching what was typed: hang up, extensions, ring groups and queues (never <paramref name="except"/>,
    /// the group or queue being edited); voicemail boxes when asked for by the word ("voicemail 30").
    /// </summary>
    public async Task<IReadOnlyList<string>> DestinationOptionsAsync(string? typed, Guid? except, CancellationToken ct)
    {
        var (kind, rest) = PickText.SplitKind(typed);
        var search = PickText.Number(rest) ?? rest;
        var list = new List<string>();
        if (kind is null && (search.Length == 0 || PickText.Hangup.Contains(search, StringComparison.OrdinalIgnoreCase))) list.Add(PickText.Hangup);
        if (kind == DestinationKind.Voicemail)
        {
            if (Voicemail)
                list.AddRange((await directory.ExtensionsAsync(search, PickLimit * 2, ct)).Where(t => t.Voicemail).Take(PickLimit)
                    .Select(t => PickText.Of(t with { Kind = DestinationKind.Voicemail })));
            return list;
        }
        if (kind is null or DestinationKind.Extension) list.AddRange((await directory.ExtensionsAsync(search, PickLimit, ct)).Select(PickText.Of));
        if (kind is null or DestinationKind.RingGroup or DestinationKind.Queue)
            list.AddRange((await directory.GroupsAndQueuesAsync(search, PickLimit / 2, ct))
                .Where(t => t.Id != except && (kind is null || t.Kind == kind)).Select(PickText.Of));
        return list.Take(PickLimit).ToList();
    }

    /// <summary>The words a member picker shows for the members chosen, in their order.</summary>
    public async Task<IReadOnlyList<string?>> MemberTextsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var rows = (await extensions.RowsAsync(ids, ct)).ToDictionary(x => x.Id);
        return ids.Select(id => rows.TryGetValue(id, out var x) ? PickText.Extension(x.Number, x.Name) : null).ToList();
    }

    /// <summary>
    /// The extensions a member picker posted, in order (empty positions skipped): a typed or picked text by its number, an
    /// id as it is. A text naming no extension of the organization is refused here with the field's name, since the
    /// service only sees ids; whether the ids may be members (duplicates, limits, another organization's) it decides.
    /// </summary>
    public async Task<List<Guid>> MemberIdsAsync(IReadOnlyList<string?> posted, string field, CancellationToken ct)
    {
        var texts = posted.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToList();
        if (texts.FirstOrDefault(t => PickText.Id(t) is null && PickText.Number(t) is null) is { } unreadable)
            throw new ValidationException(field, $"“{Shorten(unreadable)}” is not an extension: type its number or pick one from the suggestions.");
        var ids = await directory.ExtensionIdsAsync(texts.Select(PickText.Number).OfType<string>().Distinct().ToList(), ct);
        if (texts.Select(PickText.Number).OfType<string>().FirstOrDefault(n => !ids.ContainsKey(n)) is { } missing)
            throw new ValidationException(field, $"There is no extension {missing} in this organization.");
        return texts.Select(t => PickText.Id(t) ?? ids[PickText.Number(t)!]).ToList();
    }

    /// <summary>The words a destination picker shows for <paramref name="d"/>.</summary>
    public async Task<string> DestinationTextAsync(Destination d, CancellationToken ct) =>
        PbxWords.Destination(d, await DestinationLabelsAsync([d], ct));

    /// <summary>
    /// A destination picker's posted text as the domain's input: "Hang up", a kind word and a number ("Queue 700 · Support",
    /// "voicemail 301"), a bare number (whatever has it), or the older "kind:id" value. Nothing typed is hang up.
    /// </summary>
    public async Task<DestinationInput?> DestinationAsync(string? posted, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(posted) || PickText.IsHangup(posted)) return null;
        if (posted.Contains(':', StringComparison.Ordinal)) return DestinationChoice.Parse(posted);
        var (kind, rest) = PickText.SplitKind(posted);
        if (PickText.Number(rest) is not { } number)
            throw new ValidationException(field, $"“{Shorten(posted)}” is not a destination: type a number (an extension, ring group or queue) or pick one from the suggestions.");
        if (await directory.FindAsync(kind, number, ct) is not { } found)
            throw new ValidationException(field, kind is { } k
                ? $"There is no {PbxWords.KindName(k)} {number} in this organization."
                : $"No extension, ring group or queue has the number {number} in this organization.");
        return DestinationInput.From(found);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>
    /// People matching what was typed (name or e-mail), as the extension's member picker offers them: anyone in the
    /// organization, active or not (an inactive member's extension simply stays off).
    /// </summary>
    public async Task<IReadOnlyList<string>> MemberOptionsAsync(string? typed, CancellationToken ct) =>
        (await members.ListAsync(new MemberListQuery(Search: string.IsNullOrWhiteSpace(typed) ? null : PickText.Email(typed) ?? typed, Status: null, PageSize: PickLimit), ct)).Items
        .Select(m => PickText.Member(m.Name, m.Email)).ToList();

    /// <summary>The words the member picker shows for the extension's member.</summary>
    public async Task<string?> MemberTextAsync(Guid? membershipId, CancellationToken ct) =>
        membershipId is { } id && await members.GetRowAsync(id, ct) is var m ? PickText.Member(m.Name, m.Email) : null;

    /// <summary>
    /// The member a member picker posted: none for an empty field, else the person with the e-mail address it names (picked
    /// "Ana Lopez &lt;ana@…&gt;" or typed alone). Anything else is refused here with the field's name.
    /// </summary>
    public async Task<Guid?> MemberAsync(string? posted, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(posted)) return null;
        if (PickText.Id(posted) is { } id) return id;
        if (PickText.Email(posted) is not { } email)
            throw new ValidationException(field, $"“{Shorten(posted.Trim())}” is not a member: type a name or an e-mail address and choose from the suggestions.");
        var found = (await members.ListAsync(new MemberListQuery(Search: email, Status: null, PageSize: PickLimit), ct)).Items
            .FirstOrDefault(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase));
        return found?.Id ?? throw new ValidationException(field, $"No member of this organization has the e-mail address {Shorten(email)}.");
    }

    /// <summary>
    /// The words for the destinations a list shows ("Queue 700 · Support"), the same as the pickers' (<see cref="PickText.Of(DestinationKind, string, string)"/>); reads only the
    /// targets named, so a page of ten rows does not read the organization's thousands of extensions.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> DestinationLabelsAsync(IEnumerable<Destination> shown, CancellationToken ct)
    {
        var list = shown.Where(d => d.TargetId is not null).Distinct().ToList();
        IReadOnlyCollection<Guid> Ids(params DestinationKind[] kinds) => list.Where(d => kinds.Contains(d.Kind)).Select(d => d.TargetId!.Value).ToHashSet();
        var labels = new Dictionary<string, string> { ["hangup"] = PickText.Hangup };
        var extensionRows = await extensions.RowsAsync(Ids(DestinationKind.Extension, DestinationKind.Voicemail), ct);
        foreach (var x in extensionRows) labels[$"extension:{x.Id}"] = PickText.Of(DestinationKind.Extension, x.Number, x.Name);
        if (Voicemail)
            foreach (var x in extensionRows.Where(x => x.VoicemailEnabled)) labels[$"voicemail:{x.Id}"] = PickText.Of(DestinationKind.Voicemail, x.Number, x.Name);
        foreach (var (id, g) in await groups.NamesAsync(Ids(DestinationKind.RingGroup), ct)) labels[$"ring_group:{id}"] = PickText.Of(DestinationKind.RingGroup, g.Number, g.Name);
        foreach (var (id, q) in await queues.NamesAsync(Ids(DestinationKind.Queue), ct)) labels[$"queue:{id}"] = PickText.Of(DestinationKind.Queue, q.Number, q.Name);
        return labels;
    }

    /// <summary>Trunks calls may leave on: the organization's own and the provider's shared ones.</summary>
    public async Task<IReadOnlyList<Choice>> TrunksAsync(CancellationToken ct) =>
        (await trunks.ListAsync(ct)).Select(t => new Choice(t.Id.ToString(), t.Shared ? t.Name + " (shared)" : t.Name)).ToList();

    /// <summary>The organization's own trunks: the ones its own numbers may arrive on.</summary>
    public async Task<IReadOnlyList<Choice>> OwnTrunksAsync(CancellationToken ct) =>
        (await trunks.ListAsync(ct)).Where(t => !t.Shared).Select(t => new Choice(t.Id.ToString(), t.Name)).ToList();

    /// <summary>The organization's numbers, for caller IDs.</summary>
    public async Task<IReadOnlyList<Choice>> NumbersAsync(CancellationToken ct) =>
        (await numbers.ListAsync(ct)).Select(d => new Choice(d.Id.ToString(), d.Number)).ToList();
}
