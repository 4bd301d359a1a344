using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Opbx.Domain;
using Opbx.Web;

namespace Opbx.Api;

/// <summary>
/// Reads every query value an API endpoint binds (its handler's parameters that are neither route values nor services)
/// before the endpoint runs, the way minimal APIs will parse it (invariant culture), and refuses the request with one 400
/// ProblemDetails naming each value that does not parse. Without it, <c>?page=abc</c> is the framework's empty 400 that
/// names nothing, and only the first bad value would be found.
/// </summary>
public sealed class ApiQueryCheck(RequestDelegate next)
{
    private sealed record QueryValue(string Name, Func<string, bool> Parses, string Expected);

    private static readonly ConcurrentDictionary<Endpoint, IReadOnlyList<QueryValue>> Values = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (ErrorResponses.IsApi(context.Request) && context.GetEndpoint() is RouteEndpoint endpoint
            && endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var errors = new FieldErrors();
            foreach (var value in Values.GetOrAdd(endpoint, _ => Of(endpoint, handler)))
            {
                if (!context.Request.Query.TryGetValue(value.Name, out var given)) continue;
                if (given.Count > 1) errors.Add(value.Name, $"Give {value.Name} once.");
                // An empty value is "not given", as minimal APIs bind it for the nullable parameters the API uses.
                else if (!string.IsNullOrEmpty(given[0]) && !value.Parses(given[0]!)) errors.Add(value.Name, value.Expected);
            }
            errors.ThrowIfAny();
        }
        return next(context);
    }

    private static IReadOnlyList<QueryValue> Of(RouteEndpoint endpoint, MethodInfo handler)
    {
        var routeValues = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return handler.GetParameters()
            .Where(p => p.Name is not null && !routeValues.Contains(p.Name))
            .Select(p => Parser(p.Name!, Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .OfType<QueryValue>()
            .ToList();
    }

    /// <summary>The parameter types the API binds from the query; anything else (services, the request, text) needs no check.</summary>
    private static QueryValue? Parser(string name, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(int)) return new(name, s => int.TryParse(s, NumberStyles.Integer, invariant, out _), "Give a whole number, like 2.");
        if (type == typeof(long)) return new(name, s => long.TryParse(s, NumberStyles.Integer, invariant, out _), "Give a whole number, like 2.");
        if (type == typeof(bool)) return new(name, s => bool.TryParse(s, out _), "Give true or false.");
        if (type == typeof(Guid)) return new(name, s => Guid.TryParse(s, out _), "Give an id, like 3fa85f64-5717-4562-b3fc-2c963f66afa6.");
        if (type == typeof(DateOnly)) return new(name, s => DateOnly.TryParse(s, invariant, out _), "Give a date as YYYY-MM-DD, like 2026-01-31.");
        if (type == typeof(DateTimeOffset))
            return new(name, s => DateTimeOffset.TryParse(s, invariant, DateTimeStyles.None, out _), "Give a time as YYYY-MM-DDThh:mm:ssZ.");
        return null;
    }
}
