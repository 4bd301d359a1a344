namespace Opbx.Asterisk;

/// <summary>
/// What Asterisk should hold once a configuration is loaded: PJSIP endpoints, AORs, auths and outbound registrations,
/// dialplan contexts, queues and voicemail boxes ("box@context"). Read from the rendered files themselves, so the check
/// cannot drift from what was written.
/// </summary>
public sealed record ExpectedObjects(
    IReadOnlyCollection<string> Endpoints,
    IReadOnlyCollection<string> Aors,
    IReadOnlyCollection<string> Auths,
    IReadOnlyCollection<string> Registrations,
    IReadOnlyCollection<string> Contexts,
    IReadOnlyCollection<string> Queues,
    IReadOnlyCollection<string> Mailboxes)
{
    // Sections that configure a module rather than name an object.
    private static readonly HashSet<string> DialplanSettings = new(StringComparer.OrdinalIgnoreCase) { "general", "globals" };
    private static readonly HashSet<string> QueueSettings = new(StringComparer.OrdinalIgnoreCase) { "general" };
    private static readonly HashSet<string> VoicemailSettings = new(StringComparer.OrdinalIgnoreCase) { "general", "zonemessages" };

    public static ExpectedObjects From(RenderedConfig config)
    {
        var pjsip = PjsipObjects(config.Files.Where(f => f.Module == AsteriskModule.Pjsip).Select(f => f.Content));
        var contexts = Sections(config, AsteriskModule.Dialplan).Where(s => !DialplanSettings.Contains(s.Name)).Select(s => s.Name);
        var queues = Sections(config, AsteriskModule.Queues).Where(s => !QueueSettings.Contains(s.Name)).Select(s => s.Name);
        var mailboxes = Sections(config, AsteriskModule.Voicemail).Where(s => !VoicemailSettings.Contains(s.Name))
            .SelectMany(s => s.Settings.Select(box => $"{box.Key}@{s.Name}"));
        return new ExpectedObjects(
            Of(pjsip, "endpoint"), Of(pjsip, "aor"), Of(pjsip, "auth"), Of(pjsip, "registration"),
            Distinct(contexts), Distinct(queues), Distinct(mailboxes));
    }

    /// <summary>Everything several deploys expect, for one look at Asterisk.</summary>
    public static ExpectedObjects Union(IReadOnlyCollection<ExpectedObjects> all) => new(
        Distinct(all.SelectMany(e => e.Endpoints)), Distinct(all.SelectMany(e => e.Aors)), Distinct(all.SelectMany(e => e.Auths)),
        Distinct(all.SelectMany(e => e.Registrations)), Distinct(all.SelectMany(e => e.Contexts)), Distinct(all.SelectMany(e => e.Queues)),
        Distinct(all.SelectMany(e => e.Mailboxes)));

    /// <summary>The names of one kind, as <see cref="MissingObject.Kind"/> names it.</summary>
    public IReadOnlyCollection<string> Of(string kind) => kind switch
    {
        "endpoint" => Endpoints,
        "aor" => Aors,
        "auth" => Auths,
        "registration" => Registrations,
        "context" => Contexts,
        "queue" => Queues,
        "mailbox" => Mailboxes,
        _ => [],
    };

    /// <summary>PJSIP object names by type ("endpoint", "registration", …), types inherited from templates resolved.</summary>
    public static ILookup<string, string> PjsipObjects(IEnumerable<string> contents)
    {
        var templateTypes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var objects = new List<(string Type, string Name)>();
        foreach (var content in contents)
        {
            foreach (var section in ConfigSection.Parse(content))
            {
                var type = section["type"] ?? section.Templates.Select(t => templateTypes.GetValueOrDefault(t)).LastOrDefault(t => t is not null);
                if (section.IsTemplate) templateTypes[section.Name] = type;
                else if (!section.Appends && type is not null) objects.Add((type.ToLowerInvariant(), section.Name));
            }
        }
        return objects.Distinct().ToLookup(o => o.Type, o => o.Name);
    }

    private static IEnumerable<ConfigSection> Sections(RenderedConfig config, AsteriskModule module) =>
        config.Files.Where(f => f.Module == module).SelectMany(f => ConfigSection.Parse(f.Content)).Where(s => !s.IsTemplate && !s.Appends);

    private static IReadOnlyCollection<string> Of(ILookup<string, string> objects, string type) => Distinct(objects[type]);

    private static IReadOnlyCollection<string> Distinct(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
