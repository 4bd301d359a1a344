using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx.Pages.Org;

/// <summary>
/// What the organization's telephony forms offer to choose from (extensions, members, destinations, trunks, numbers) and
/// the words lists use for a destination. Read through the domain services, so the tenant filter applies.
/// </summary>
public sealed class PbxChoices(ExtensionService extensions, RingGroupService groups, QueueService queues, TrunkService trunks, DidService numbers,
    MemberService members, OrgContext org)
{
    /// <summary>Whether the organization's voicemail feature is on: off, no voicemail fields or destinations are offered.</summary>
    public bool Voicemail => org.Organization?.Voicemail == true;

    public async Task<IReadOnlyList<Choice>> ExtensionsAsync(CancellationToken ct) =>
        (await extensions.ListAsync(ct)).Select(x => new Choice(x.Id.ToString(), Label(x))).ToList();

    /// <summary>Members for an extension's owner: everyone in the organization (an inactive member's extension simply stays off).</summary>
    public async Task<IReadOnlyList<Choice>> MembersAsync(CancellationToken ct) =>
        (await members.ListAsync(new MemberListQuery(Status: null, PageSize: 200), ct)).Items
        .Select(m => new Choice(m.Id.ToString(), m.Extension is null ? m.Name : $"{m.Name} (has {m.Extension})")).ToList();

    /// <summary>Every place a call can be sent; <paramref name="except"/> is the group or queue being edited (its own fallback cannot be itself).</summary>
    public async Task<IReadOnlyList<Choice>> DestinationsAsync(Guid? except, CancellationToken ct)
    {
        var list = new List<Choice> { new("hangup", "Hang up") };
        var extensionRows = await extensions.ListAsync(ct);
        list.AddRange(extensionRows.Select(x => new Choice($"extension:{x.Id}", "Extension " + Label(x))));
        list.AddRange((await groups.ListAsync(ct)).Where(g => g.Id != except).Select(g => new Choice($"ring_group:{g.Id}", $"Ring group {g.Number} · {g.Name}")));
        list.AddRange((await queues.ListAsync(ct)).Where(q => q.Id != except).Select(q => new Choice($"queue:{q.Id}", $"Queue {q.Number} · {q.Name}")));
        if (Voicemail)
            list.AddRange(extensionRows.Where(x => x.VoicemailEnabled).Select(x => new Choice($"voicemail:{x.Id}", "Voicemail of " + Label(x))));
        return list;
    }

    /// <summary>
    /// The words for the destinations a list shows ("Queue 700 · Support"), the same as the forms' choices; reads only the
    /// targets named, so a page of ten rows does not read the organization's thousands of extensions.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> DestinationLabelsAsync(IEnumerable<Destination> shown, CancellationToken ct)
    {
        var list = shown.Where(d => d.TargetId is not null).Distinct().ToList();
        IReadOnlyCollection<Guid> Ids(params DestinationKind[] kinds) => list.Where(d => kinds.Contains(d.Kind)).Select(d => d.TargetId!.Value).ToHashSet();
        var labels = new Dictionary<string, string> { ["hangup"] = "Hang up" };
        var extensionRows = await extensions.RowsAsync(Ids(DestinationKind.Extension, DestinationKind.Voicemail), ct);
        foreach (var x in extensionRows) labels[$"extension:{x.Id}"] = "Extension " + Label(x);
        if (Voicemail)
            foreach (var x in extensionRows.Where(x => x.VoicemailEnabled)) labels[$"voicemail:{x.Id}"] = "Voicemail of " + Label(x);
        foreach (var (id, g) in await groups.NamesAsync(Ids(DestinationKind.RingGroup), ct)) labels[$"ring_group:{id}"] = $"Ring group {g.Number} · {g.Name}";
        foreach (var (id, q) in await queues.NamesAsync(Ids(DestinationKind.Queue), ct)) labels[$"queue:{id}"] = $"Queue {q.Number} · {q.Name}";
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

    private static string Label(ExtensionRow x) => x.Name.Length == 0 ? x.Number : $"{x.Number} · {x.Name}";
}
