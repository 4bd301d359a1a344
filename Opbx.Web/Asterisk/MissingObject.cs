namespace Opbx.Asterisk;

/// <summary>Something rendered that Asterisk does not hold: Kind is "endpoint", "aor", "auth", "registration", "context", "queue" or "mailbox".</summary>
public sealed record MissingObject(string Kind, string Name);
