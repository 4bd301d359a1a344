namespace Opbx.Domain;

/// <summary>Collects validation messages per field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        // Two checks that say the same thing (e.g. Identity's user name and e-mail both taken) say it once.
        if (!list.Contains(message, StringComparer.Ordinal)) list.Add(message);
    }

    public void Range(string field, int value, int min, int max, string unit)
    {
        if (value < min || value > max) Add(field, $"Enter a whole number from {min:N0} to {max:N0} {unit}.");
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void ThrowIfAny()
    {
        if (Any) throw new ValidationException(ToDictionary());
    }
}
