using System.Collections.Concurrent;

namespace Opbx.Domain.Audit;

/// <summary>
/// Which platform managers this process has already seen recorded in which organization's log today, so the support
/// access check asks the database once per manager, organization and day instead of on every page they open there.
/// Only a hint: a manager not remembered here (a restart, another process) is checked in the log as before.
/// </summary>
public sealed class SupportAccessSeen
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<(Guid Account, Guid Organization), DateOnly> _days = new();

    public bool Contains(Guid account, Guid organization, DateOnly day) =>
        _days.TryGetValue((account, organization), out var seen) && seen == day;

    public void Add(Guid account, Guid organization, DateOnly day)
    {
        if (_days.Count >= MaxEntries) _days.Clear();
        _days[(account, organization)] = day;
    }
}
