using System.Reflection;
using HandlebarsDotNet;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>
/// The embedded Handlebars templates (Templates/*.hbs), compiled once. <c>{{value}}</c> writes only plain values
/// (<see cref="ConfigValueEncoder"/>); <c>{{text x}}</c> is the one way free text gets in (<see cref="ConfigText.Neutralize"/>);
/// <c>{{pattern x}}</c> writes a validated <see cref="DialPattern"/>. Unescaped output (<c>{{{…}}}</c>, <c>{{&amp;…}}</c>) is
/// refused when a template is loaded, and an unknown name in a template fails the render instead of writing nothing.
/// </summary>
internal static class ConfigTemplates
{
    private static readonly IHandlebars Engine = CreateEngine();

    public static readonly HandlebarsTemplate<object, object> OrganizationPjsip = Compile("organization.pjsip.conf");
    public static readonly HandlebarsTemplate<object, object> OrganizationExtensions = Compile("organization.extensions.conf");
    public static readonly HandlebarsTemplate<object, object> OrganizationQueues = Compile("organization.queues.conf");
    public static readonly HandlebarsTemplate<object, object> OrganizationVoicemail = Compile("organization.voicemail.conf");
    public static readonly HandlebarsTemplate<object, object> TopPjsip = Compile("top.pjsip.conf");
    public static readonly HandlebarsTemplate<object, object> TopExtensions = Compile("top.extensions.conf");
    public static readonly HandlebarsTemplate<object, object> TopQueues = Compile("top.queues.conf");
    public static readonly HandlebarsTemplate<object, object> TopVoicemail = Compile("top.voicemail.conf");
    public static readonly HandlebarsTemplate<object, object> TopCdr = Compile("top.cdr_custom.conf");

    private static IHandlebars CreateEngine()
    {
        var engine = Handlebars.Create(new HandlebarsConfiguration
        {
            TextEncoder = new ConfigValueEncoder(),
            ThrowOnUnresolvedBindingExpression = true,
        });
        engine.RegisterHelper("text", (writer, _, arguments) =>
            writer.WriteSafeString(ConfigText.Neutralize(arguments.Length == 1 ? arguments[0] as string : throw new ConfigTextException("{{text}} takes one value."))));
        engine.RegisterHelper("pattern", (writer, _, arguments) => writer.WriteSafeString(
            arguments.Length == 1 && arguments[0] is string text && DialPattern.TryParse(text, out var pattern) && pattern.Value == text
                ? pattern.Value
                : throw new ConfigTextException($"{{{{pattern}}}} got \"{arguments.FirstOrDefault()}\", which is not a dial pattern.")));
        engine.RegisterTemplate("trunk", Source("trunk"));
        engine.RegisterTemplate("destination", Source("destination").TrimEnd('\n'));
        return engine;
    }

    private static HandlebarsTemplate<object, object> Compile(string name)
    {
        var template = Engine.Compile(Source(name));
        // Handlebars wraps what a helper or the encoder throws (inside partials, once per level): callers get the refusal itself.
        return (context, data) =>
        {
            try
            {
                return template(context, data);
            }
            catch (HandlebarsException e) when (Refusal(e) is { } refusal)
            {
                throw refusal;
            }
        };
    }

    private static ConfigTextException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ConfigTextException refusal) return refusal;
        }
        return null;
    }

    /// <summary>Every embedded template, by name (for the tests that check them).</summary>
    public static IEnumerable<string> Names() => Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".hbs", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^4]);

    private const string Prefix = "Opbx.Asterisk.Templates.";

    public static string Source(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{Prefix}{name}.hbs")
                           ?? throw new InvalidOperationException($"No Asterisk template {name}.");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        if (source.Contains("{{{", StringComparison.Ordinal) || source.Contains("{{&", StringComparison.Ordinal) || source.Contains('\r'))
            throw new ConfigTextException($"Template {name} writes unescaped output or has CR line ends; every value goes through the config encoder.");
        return source;
    }
}
