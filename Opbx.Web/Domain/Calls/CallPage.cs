namespace Opbx.Domain.Calls;

/// <summary>A page of calls, newest first; <see cref="Older"/> continues after it (null on the last page).</summary>
public sealed record CallPage(IReadOnlyList<CallGroup> Calls, CallPageKey? Older, bool Masked);
