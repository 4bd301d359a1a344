using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Opbx.Domain;

namespace Opbx.Api;

/// <summary>
/// Reads a JSON body strictly (unknown fields refused, no numbers or booleans from strings) and turns every parse problem
/// into a 400 naming each field at once: a field that cannot be read is set aside and the rest read again.
/// </summary>
public static class ApiBody
{
    /// <summary>The largest body the API reads (its largest bodies, lists of ids, stay far below); beyond it: 413.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>How many wrong fields one answer lists before it stops looking (each costs one more read of the body).</summary>
    private const int MaxErrors = 50;

    public static async Task<(T Value, JsonObject Raw)> ReadAsync<T>(HttpRequest request)
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            throw new ValidationException("body", "The request body must be a JSON object.");
        }
        if (node is not JsonObject raw) throw new ValidationException("body", "The request body must be a JSON object.");
        if (InvalidText(raw) is { } at)
            throw new ValidationException(at, "This text is not valid Unicode: it has a lone UTF-16 surrogate (\\ud800–\\udfff without its pair).");
        var errors = new FieldErrors();
        var remaining = (JsonObject)raw.DeepClone();
        while (true)
        {
            try
            {
                var value = remaining.Deserialize<T>(options)!;
                errors.ThrowIfAny();
                return (value, raw);
            }
            catch (JsonException e)
            {
                var (field, segments, message) = Problem(e, options.GetTypeInfo(typeof(T)));
                errors.Add(field, message);
                // Set the field aside and read the rest, so one answer names every wrong field; a field that cannot be
                // found again (or too many of them) ends the search with what was found.
                if (segments.Count == 0 || !Remove(remaining, segments) || errors.ToDictionary().Count >= MaxErrors) errors.ThrowIfAny();
            }
        }
    }

    /// <summary>
    /// The field's path as the API spells it (<c>settings.max_users</c>, <c>member_ids[0]</c>), the property to set aside
    /// (an element's whole list), and the message.
    /// </summary>
    private static (string Field, List<string> Segments, string Message) Problem(JsonException e, JsonTypeInfo root)
    {
        var tokens = Tokens(e.Path);
        if (UnknownMember(e) is { } member && (tokens.Count == 0 || tokens[^1] != member)) tokens.Add(member);
        var field = tokens.Count == 0 ? "body" : string.Concat(tokens.Select((t, i) => t.StartsWith('[') || i == 0 ? t : "." + t));
        var segments = tokens.TakeWhile(t => !t.StartsWith('[')).ToList();
        if (UnknownMember(e) is not null)
            return (field, segments, "This field is not known; check its spelling against the API documentation at /api-docs.");
        var expected = Expected(root, tokens);
        return (field, segments, expected is null ? "This value has the wrong type; see the API documentation at /api-docs." : $"Give {expected}.");
    }

    /// <summary>"$.settings.max_users" → [settings, max_users]; "$.patterns[0].strip" → [patterns, [0], strip].</summary>
    private static List<string> Tokens(string? path)
    {
        var tokens = new List<string>();
        foreach (var part in (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            if (bracket != 0) tokens.Add(bracket < 0 ? part : part[..bracket]);
            if (bracket >= 0) tokens.AddRange(part[bracket..].Split(']', StringSplitOptions.RemoveEmptyEntries).Select(i => i + "]"));
        }
        return tokens;
    }

    /// <summary>What the field takes, from the body's own type (so the message never disagrees with the schema).</summary>
    private static string? Expected(JsonTypeInfo root, List<string> tokens)
    {
        var info = root;
        Type? type = null;
        foreach (var token in tokens)
        {
            if (token.StartsWith('['))
            {
                if (info.ElementType is null) return null;
                type = Nullable.GetUnderlyingType(info.ElementType) ?? info.ElementType;
            }
            else
            {
                var property = info.Properties.FirstOrDefault(p => p.Name == token);
                if (property is null) return null;
                type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            }
            info = info.Options.GetTypeInfo(type);
        }
        if (type is null) return "a JSON object";
        if (type == typeof(int) || type == typeof(long)) return "a whole number (not in quotes)";
        if (type == typeof(bool)) return "true or false (not in quotes)";
        if (type == typeof(string)) return "text in quotes";
        if (type == typeof(Guid)) return "an id in quotes, like \"3fa85f64-5717-4562-b3fc-2c963f66afa6\"";
        if (info.Kind == JsonTypeInfoKind.Enumerable)
        {
            var element = info.ElementType is { } t ? Nullable.GetUnderlyingType(t) ?? t : null;
            return element == typeof(Guid) ? "a list of ids, like [\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"]"
                : element == typeof(string) ? "a list of texts, like [\"203.0.113.7\"]"
                : "a list of objects, as the API documentation at /api-docs shows";
        }
        return info.Kind == JsonTypeInfoKind.Object ? "a JSON object with the fields the API documentation at /api-docs lists" : null;
    }

    private static bool Remove(JsonObject body, List<string> segments)
    {
        var node = body;
        foreach (var segment in segments.SkipLast(1))
        {
            if (node[segment] is not JsonObject child) return false;
            node = child;
        }
        return node.Remove(segments[^1]);
    }

    /// <summary>
    /// The path of the first string (or property name) whose escapes decode to a lone UTF-16 surrogate. JSON allows the escape,
    /// .NET strings cannot carry it as text, and System.Text.Json only notices when the value is read (InvalidOperationException).
    /// </summary>
    private static string? InvalidText(JsonNode node)
    {
        try
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        if (child is not null && InvalidText(child) is { } path) return path;
                    }
                    return null;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        if (child is not null && InvalidText(child) is { } path) return path;
                    }
                    return null;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    v.GetValue<string>();
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            var path = node.GetPath().TrimStart('$').TrimStart('.');
            return string.IsNullOrEmpty(path) ? "body" : path;
        }
    }

    /// <summary>"The JSON property 'foo' could not be mapped to any .NET member contained in type ..." → foo.</summary>
    private static string? UnknownMember(JsonException e)
    {
        if (!e.Message.Contains("could not be mapped", StringComparison.Ordinal)) return null;
        var start = e.Message.IndexOf('\'');
        var end = start < 0 ? -1 : e.Message.IndexOf('\'', start + 1);
        return end < 0 ? null : e.Message[(start + 1)..end];
    }
}
