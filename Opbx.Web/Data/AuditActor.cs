using Opbx.Domain;
using Opbx.Domain.Audit;

namespace Opbx.Data;

/// <summary>Who is making the changes in this scope (request, job run or command), for the audit log.</summary>
public sealed class AuditActor
{
    public string Name { get; private set; } = "system";
    public Guid? AccountId { get; private set; }
    public AuditSource Source { get; private set; } = AuditSource.System;

    /// <summary>The client's IP address when the changes come from a request.</summary>
    public string? Address { get; set; }

    /// <summary>The signed-in browser session the changes come from (its server-side record), when there is one.</summary>
    public Guid? SessionId { get; set; }

    /// <summary>Product-specific action names for this unit of work, e.g. organization → "suspended".</summary>
    public Dictionary<string, string> Verbs { get; } = new(StringComparer.Ordinal);

    /// <summary>A free-text note attached to the audit entries of the next save (e.g. what a delete removed).</summary>
    public string? Note { get; set; }

    /// <summary>Effects past the change tracker, written by the audit interceptor with the next save (same transaction).</summary>
    public List<AuditEffect> Effects { get; } = [];

    /// <summary>
    /// Records what a bulk update or a cascade did, with its counts. Call it in the write transaction, before the save that
    /// goes with it: the entry is written with that save, or not at all.
    /// </summary>
    public void RecordEffect(string action, string targetType, string targetId, string targetName, Guid? organizationId,
        IReadOnlyDictionary<string, int> counts, string note)
    {
        if (!AuditCatalogue.Contains(action))
            throw new InvalidOperationException($"Audit action {action} is not in AuditCatalogue; add it there with its words.");
        Effects.Add(new AuditEffect(action, targetType, targetId, targetName, organizationId, counts, note));
    }

    public void Set(string name, Guid? accountId, AuditSource source)
    {
        Name = name;
        AccountId = accountId;
        Source = source;
    }

    /// <summary>A new audit entry stamped with who acted and through what; the caller says what happened to what.</summary>
    public AuditEntry Entry(DateTimeOffset at, string action, string targetType, string targetId, string targetName, Guid? organizationId) => new()
    {
        At = at,
        Actor = Name,
        ActorAccountId = AccountId,
        Source = Source,
        Address = Address,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        TargetName = targetName,
        OrganizationId = organizationId,
    };

    /// <summary>Names the next save's change of <paramref name="targetType"/> (e.g. "organization", "suspended").</summary>
    public void Describe(string targetType, string verb)
    {
        // The audit log's action filter offers the catalogue: an action missing from it could never be found there.
        if (!AuditCatalogue.Contains($"{targetType}.{verb}"))
            throw new InvalidOperationException($"Audit action {targetType}.{verb} is not in AuditCatalogue; add it there with its words.");
        Verbs[targetType] = verb;
    }
}
