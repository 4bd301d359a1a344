using System.Globalization;
using Opbx.Asterisk.Ami;

namespace Opbx.Asterisk;

/// <summary>
/// Reads what Asterisk holds right now over AMI: the objects a deploy rendered (to verify the reload really loaded them,
/// since a reload says Success even for a broken file), live channels and registered contacts. Uses only list actions
/// of the "system" and "reporting" write classes, never the CLI.
/// </summary>
public sealed class AsteriskInspector(AmiClient ami)
{
    /// <summary>False when no AMI host is configured ("Asterisk not connected").</summary>
    public bool IsConfigured => ami.IsConfigured;

    /// <summary>Which of <paramref name="expected"/> Asterisk does not hold.</summary>
    public async Task<Verification> VerifyAsync(ExpectedObjects expected, CancellationToken ct = default)
    {
        var missing = new List<MissingObject>();
        async Task Compare(string kind, IReadOnlyCollection<string> wanted, Func<Task<IReadOnlyList<string>>> loaded)
        {
            if (wanted.Count == 0) return;
            var present = (await loaded()).ToHashSet(StringComparer.Ordinal);
            missing.AddRange(wanted.Where(w => !present.Contains(w)).Select(w => new MissingObject(kind, w)));
        }

        await Compare("endpoint", expected.Endpoints, () => EndpointsAsync(ct));
        await Compare("aor", expected.Aors, () => AorsAsync(ct));
        await Compare("auth", expected.Auths, () => AuthsAsync(ct));
        await Compare("registration", expected.Registrations, async () => (await OutboundRegistrationsAsync(ct)).Select(r => r.Name).ToList());
        foreach (var context in expected.Contexts)
        {
            if (!await ContextExistsAsync(context, ct)) missing.Add(new MissingObject("context", context));
        }
        await Compare("queue", expected.Queues, () => QueuesAsync(ct));
        await Compare("mailbox", expected.Mailboxes, () => MailboxesAsync(ct));
        return new Verification(missing);
    }

    public Task<IReadOnlyList<string>> EndpointsAsync(CancellationToken ct = default) => NamesAsync("PJSIPShowEndpoints", "ObjectName", ct);
    public Task<IReadOnlyList<string>> AorsAsync(CancellationToken ct = default) => NamesAsync("PJSIPShowAors", "ObjectName", ct);
    public Task<IReadOnlyList<string>> AuthsAsync(CancellationToken ct = default) => NamesAsync("PJSIPShowAuths", "ObjectName", ct);
    public Task<IReadOnlyList<string>> QueuesAsync(CancellationToken ct = default) => NamesAsync("QueueSummary", "Queue", ct);

    /// <summary>Voicemail boxes as "box@context".</summary>
    public async Task<IReadOnlyList<string>> MailboxesAsync(CancellationToken ct = default) =>
        (await ListAsync("VoicemailUsersList", ct)).Select(e => $"{e["VoiceMailbox"]}@{e["VMContext"]}").ToList();

    public async Task<bool> ContextExistsAsync(string context, CancellationToken ct = default)
    {
        var answer = await ami.ListAsync(new AmiAction("ShowDialPlan", ("Context", context)), ct: ct);
        if (answer.IsSuccess) return true;
        if (answer.Response.Message?.StartsWith("Did not find context", StringComparison.Ordinal) == true) return false;
        answer.Response.EnsureSuccess("ShowDialPlan");
        return false;
    }

    public async Task<IReadOnlyList<OutboundRegistration>> OutboundRegistrationsAsync(CancellationToken ct = default) =>
        (await ListAsync("PJSIPShowRegistrationsOutbound", ct))
            .Where(e => e.EventName == "OutboundRegistrationDetail")
            .Select(e => new OutboundRegistration(e["ObjectName"] ?? "", e["ServerUri"] ?? "", e["ClientUri"] ?? "", e["Status"] ?? ""))
            .ToList();

    /// <summary>Every channel up now; an organization's are those carrying its account code.</summary>
    public async Task<IReadOnlyList<ActiveChannel>> ChannelsAsync(CancellationToken ct = default) =>
        (await ListAsync("CoreShowChannels", ct))
            .Where(e => e.EventName == "CoreShowChannel")
            .Select(e => new ActiveChannel(
                e["Channel"] ?? "", e["Uniqueid"] ?? "", e["Linkedid"] ?? "", e["ChannelStateDesc"] ?? "",
                e["Context"] ?? "", e["Exten"] ?? "", e["AccountCode"] ?? "", e["CallerIDNum"] ?? "", e["ConnectedLineNum"] ?? "",
                e["Application"] ?? "", ParseDuration(e["Duration"])))
            .ToList();

    /// <summary>Contacts of every AOR: registered phones (and static contacts).</summary>
    public async Task<IReadOnlyList<SipContact>> ContactsAsync(CancellationToken ct = default) =>
        (await ListAsync("PJSIPShowContacts", ct))
            .Where(e => e.EventName == "ContactList")
            .Select(e => new SipContact(
                // The contact's id is "<aor>;@<hash>".
                (e["ObjectName"] ?? "").Split(";@")[0], e["Endpoint"] ?? "", e["Uri"] ?? "", e["Status"] ?? "", e["UserAgent"] ?? "", e["ViaAddr"] ?? ""))
            .ToList();

    private async Task<IReadOnlyList<string>> NamesAsync(string action, string field, CancellationToken ct) =>
        (await ListAsync(action, ct)).Select(e => e[field]).OfType<string>().ToList();

    private async Task<IReadOnlyList<AmiMessage>> ListAsync(string action, CancellationToken ct)
    {
        var answer = await ami.ListAsync(new AmiAction(action), ct: ct);
        // PJSIP answers an empty list with an error ("No endpoints found", "No Contacts found", "No AORs found").
        if (!answer.IsSuccess && answer.Response.Message is { } m && m.StartsWith("No ", StringComparison.Ordinal) && m.TrimEnd().EndsWith("found", StringComparison.Ordinal)) return [];
        answer.Response.EnsureSuccess(action);
        return answer.Events;
    }

    // "HH:MM:SS", where hours go past 23 for long calls.
    private static TimeSpan ParseDuration(string? text)
    {
        var parts = (text ?? "").Split(':');
        return parts.Length == 3 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? new TimeSpan(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
    }
}
