namespace Opbx.Asterisk;

/// <summary>
/// The result of comparing what was rendered with what Asterisk actually loaded. A reload answers Success even when a
/// file had errors (the broken object is just not created), so a deploy is only good when nothing is missing.
/// </summary>
public sealed record Verification(IReadOnlyList<MissingObject> Missing)
{
    public bool IsComplete => Missing.Count == 0;

    /// <summary>The part of this check that concerns <paramref name="expected"/> (one deploy of several checked together).</summary>
    public Verification Of(ExpectedObjects expected) => new(Missing.Where(m => expected.Of(m.Kind).Contains(m.Name)).ToList());

    /// <summary>One line for a deploy's failure reason, e.g. "Asterisk did not load endpoint acme-100, queue acme-q1".</summary>
    public string Describe() => IsComplete
        ? "Asterisk loaded everything that was rendered."
        : "Asterisk did not load " + string.Join(", ", Missing.Take(20).Select(m => $"{m.Kind} {m.Name}")) + (Missing.Count > 20 ? $" and {Missing.Count - 20} more" : "") + ".";
}
