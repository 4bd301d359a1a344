using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Opbx.Domain;

namespace Opbx.Api;

/// <summary>Reads a JSON body strictly (unknown fields refused) and turns every parse problem into a 400 with the field's path.</summary>
public static class ApiBody
{
    public static async Task<(T Value, JsonObject Raw)> ReadAsync<T>(HttpRequest request)
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
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
        try
        {
            return (raw.Deserialize<T>(options)!, raw);
        }
        catch (JsonException e)
        {
            var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
            var field = string.IsNullOrEmpty(path) ? "body" : path;
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "This field is not known; check its spelling against the API documentation at /api-docs."
                : $"The value of {field} has the wrong type; see the API documentation at /api-docs.";
            throw new ValidationException(UnknownMember(e) ?? field, message);
        }
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

    private static string? UnknownMember(JsonException e)
    {
        // "The JSON property 'foo' could not be mapped to any .NET member contained in type ..."
        var start = e.Message.IndexOf('\'');
        var end = start < 0 ? -1 : e.Message.IndexOf('\'', start + 1);
        if (!e.Message.Contains("could not be mapped", StringComparison.Ordinal) || end < 0) return null;
        var path = (e.Path ?? "$").TrimStart('$').TrimStart('.');
        var member = e.Message[(start + 1)..end];
        return string.IsNullOrEmpty(path) || path == member ? member : $"{path}.{member}".Replace($".{member}.{member}", $".{member}");
    }
}
