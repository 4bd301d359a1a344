using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Opbx.Domain;
using Opbx.Domain.Audit;
using Opbx.Domain.Pbx;

namespace Opbx.Data;

/// <summary>
/// The one audit mechanism: every save of an audited entity, by any page, endpoint, job or command,
/// adds its audit entries to the same save (same transaction). Secrets are recorded only as "changed".
/// A change to a person's account (name, e-mail, password, two-factor, recovery codes: <see cref="AuditCatalogue.AccountChanges"/>)
/// belongs to no organization, yet every organization the person is in should see it: the entry stays in the platform's
/// log, and a copy goes to the log of each of those organizations.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    // Identity bookkeeping that is not a change a person made.
    private static readonly HashSet<string> IgnoredProperties =
    [
        nameof(Account.ConcurrencyStamp), nameof(Account.AccessFailedCount), nameof(Account.NormalizedEmail),
        nameof(Account.NormalizedUserName), nameof(Account.LockoutEnd),
    ];

    private static readonly HashSet<string> SecretProperties = [nameof(Account.PasswordHash), nameof(Account.SecurityStamp)];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is OpbxDb context && AddEntries(context) is { Count: > 0 } accountChanges)
            CopyToOrganizations(context, accountChanges, MembershipsOf(context, accountChanges).ToList());
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OpbxDb context && AddEntries(context) is { Count: > 0 } accountChanges)
            CopyToOrganizations(context, accountChanges, await MembershipsOf(context, accountChanges).ToListAsync(cancellationToken));
        return result;
    }

    private static IQueryable<(Guid AccountId, Guid OrganizationId)> MembershipsOf(DbContext context, List<AuditEntry> changes)
    {
        var ids = changes.Select(e => Guid.Parse(e.TargetId)).Distinct().ToList();
        return context.Set<Membership>().IgnoreQueryFilters().Where(m => ids.Contains(m.AccountId)).Select(m => ValueTuple.Create(m.AccountId, m.OrganizationId));
    }

    private static void CopyToOrganizations(DbContext context, List<AuditEntry> changes, List<(Guid AccountId, Guid OrganizationId)> memberships)
    {
        foreach (var change in changes)
        {
            var account = Guid.Parse(change.TargetId);
            foreach (var (_, organizationId) in memberships.Where(m => m.AccountId == account))
            {
                context.Set<AuditEntry>().Add(new AuditEntry
                {
                    At = change.At, Actor = change.Actor, ActorAccountId = change.ActorAccountId, Source = change.Source, Address = change.Address,
                    Action = change.Action, TargetType = change.TargetType, TargetId = change.TargetId, TargetName = change.TargetName,
                    OrganizationId = organizationId, Changes = change.Changes, Note = change.Note,
                });
            }
        }
    }

    /// <summary>
    /// A change of a person's account, as the platform's entry has it: worth telling their organizations. A new security
    /// stamp alone (sessions ended by something another organization did) is not.
    /// </summary>
    private static bool IsAccountChange(AuditEntry e)
    {
        if (e.TargetType != "account" || e.OrganizationId is not null || !AuditCatalogue.AccountChanges.Contains(e.Action)) return false;
        if (!Guid.TryParse(e.TargetId, out _)) return false;
        if (e.Action != "account.updated") return true;
        return JsonNode.Parse(e.Changes) is JsonObject changes && changes.Any(c => c.Key != "security_stamp");
    }

    /// <summary>Adds the save's audit entries; returns the account changes among them (and among those already staged) to copy.</summary>
    private List<AuditEntry> AddEntries(OpbxDb context)
    {
        var actor = context.Actor;
        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is not IAuditNamed named) continue;
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;

            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;

            var targetType = AuditCatalogue.TargetTypeOf(entry.Metadata.ClrType);
            var verb = actor.Verbs.GetValueOrDefault(targetType) ?? entry.State switch
            {
                EntityState.Added => "created",
                EntityState.Deleted => "deleted",
                _ => "updated",
            };
            var audit = actor.Entry(now, $"{targetType}.{verb}", targetType,
                string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
                Truncate(named.AuditName, 200),
                entry.Entity switch
                {
                    Organization o => o.Id,
                    IOrganizationOwned owned => owned.OrganizationId,
                    IOrganizationOrPlatformOwned shared => shared.OrganizationId,
                    _ => null,
                });
            audit.Changes = changes.ToJsonString();
            audit.Note = actor.Note;
            entries.Add(audit);
            // A number or trunk leaving an organization (moved, released) is in the audit log of the one it left, too.
            if (entry is { Entity: IOrganizationOrPlatformOwned, State: EntityState.Modified }
                && entry.Property(nameof(IOrganizationOrPlatformOwned.OrganizationId)).OriginalValue is Guid left && !Equals(left, audit.OrganizationId))
            {
                var copy = actor.Entry(now, audit.Action, audit.TargetType, audit.TargetId, audit.TargetName, left);
                copy.Changes = audit.Changes;
                copy.Note = audit.Note;
                entries.Add(copy);
            }
        }
        foreach (var effect in actor.Effects)
        {
            var audit = actor.Entry(now, effect.Action, effect.TargetType, effect.TargetId, Truncate(effect.TargetName, 200), effect.OrganizationId);
            var counts = new JsonObject();
            foreach (var (kind, count) in effect.Counts) counts[kind] = count;
            audit.Changes = counts.ToJsonString();
            audit.Note = effect.Note;
            entries.Add(audit);
        }
        actor.Effects.Clear();
        // Entries written directly (SecurityLog: new recovery codes) are account changes too.
        var accountChanges = context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Concat(entries).Where(IsAccountChange).ToList();
        if (entries.Count > 0)
        {
            context.Set<AuditEntry>().AddRange(entries);
            actor.Verbs.Clear();
            actor.Note = null;
        }
        return accountChanges;
    }

    private static JsonObject Changes(EntityEntry entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            var member = property.Metadata.PropertyInfo;
            if (IgnoredProperties.Contains(name) || member?.GetCustomAttribute<NotAuditedAttribute>() is not null) continue;
            // Copies and counters the database keeps itself (triggers) are not changes anyone made.
            if (property.Metadata.ValueGenerated == ValueGenerated.OnAddOrUpdate) continue;
            if (entry.State == EntityState.Modified && !property.IsModified) continue;
            if (entry.State == EntityState.Modified && Equals(property.OriginalValue, property.CurrentValue)) continue;

            var secret = SecretProperties.Contains(name) || member?.GetCustomAttribute<SecretAttribute>() is not null;
            var change = new JsonObject();
            if (secret)
            {
                change["changed"] = true;
            }
            else
            {
                if (entry.State != EntityState.Added) change["from"] = Value(property.OriginalValue);
                if (entry.State != EntityState.Deleted) change["to"] = Value(property.CurrentValue);
            }
            changes[JsonNamingPolicy.SnakeCaseLower.ConvertName(name)] = change;
        }
        return changes;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        OrgRole r => Names.Of(r),
        MembershipStatus s => Names.Of(s),
        OrganizationStatus s => Names.Of(s),
        Industry i => Names.Of(i),
        RecordingConsentMode m => Names.Of(m),
        DateTimeOffset d => d.ToString("O"),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        RingGroupStrategy s => Names.Of(s),
        QueueStrategy s => Names.Of(s),
        TrunkTransport t => Names.Of(t),
        DestinationKind k => Names.Of(k),
        _ => JsonValue.Create(value.ToString()),
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
