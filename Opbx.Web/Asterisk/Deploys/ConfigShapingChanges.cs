using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// The one place that knows which saved rows shape Asterisk's configuration, and so which deploys a save calls for. Every
/// entity type of the model has a decision here (a test checks, and a save of an undecided type is refused), so a new
/// table cannot quietly stay out of the deploys.
/// <list type="bullet">
/// <item>The phone system's own rows (extensions, ring groups, queues and their members, routes, emergency numbers): their organization.</item>
/// <item>Trunks: their organization; a shared trunk (no organization): the platform (the top-level files, and every organization's routes).</item>
/// <item>Numbers: the organization that held it and the one that holds it now (a move deploys both; a number in the
/// inventory is in no file). Numbers on shared trunks are in the top-level files, which every deploy writes.</item>
/// <item>Organizations: any change (SPEC §3: saving an organization deploys it); created: its first deploy; deleted: the platform.</item>
/// <item>Memberships: status changed or deleted (an inactive member's extension is absent). Accounts: active changed or
/// deleted, for every organization where the account has an extension.</item>
/// </list>
/// </summary>
public static class ConfigShapingChanges
{
    private static readonly Action<EntityEntry, DeployTargets> Nothing = (_, _) => { };
    private static readonly HashSet<string> DeploySettings = [nameof(Organization.ManualDeploys), nameof(Organization.DeploysPausedAt)];

    private static readonly Dictionary<Type, Action<EntityEntry, DeployTargets>> Rules = new()
    {
        [typeof(Extension)] = OwnedByOrganization,
        [typeof(RingGroup)] = OwnedByOrganization,
        [typeof(RingGroupMember)] = OwnedByOrganization,
        [typeof(Queue)] = OwnedByOrganization,
        [typeof(QueueMember)] = OwnedByOrganization,
        [typeof(OutboundRoute)] = OwnedByOrganization,
        [typeof(OutboundRoutePattern)] = OwnedByOrganization,
        [typeof(OutboundRouteTrunk)] = OwnedByOrganization,
        [typeof(EmergencyNumber)] = OwnedByOrganization,
        [typeof(EmergencyNumberTrunk)] = OwnedByOrganization,
        [typeof(Trunk)] = (entry, targets) =>
        {
            foreach (var owner in Values<Guid?>(entry, nameof(Trunk.OrganizationId)))
            {
                if (owner is { } id) targets.Organizations.Add(id);
                else targets.Platform = true;
            }
        },
        [typeof(Did)] = (entry, targets) =>
        {
            foreach (var owner in Values<Guid?>(entry, nameof(Did.OrganizationId)).OfType<Guid>()) targets.Organizations.Add(owner);
        },
        [typeof(Organization)] = (entry, targets) =>
        {
            var id = ((Organization)entry.Entity).Id;
            if (entry.State == EntityState.Deleted)
            {
                targets.DeletedOrganizations.Add(id);
                targets.Platform = true;
            }
            // How the organization deploys is not part of what it deploys.
            else if (entry.State == EntityState.Added || Changed(entry, except: DeploySettings)) targets.Organizations.Add(id);
        },
        [typeof(Membership)] = (entry, targets) =>
        {
            if (entry.State == EntityState.Deleted || Changed(entry, nameof(Membership.Status))) targets.Organizations.Add(((Membership)entry.Entity).OrganizationId);
        },
        [typeof(Account)] = (entry, targets) =>
        {
            if (entry.State == EntityState.Deleted || Changed(entry, nameof(Account.IsActive))) targets.Accounts.Add(((Account)entry.Entity).Id);
        },

        // Not part of Asterisk's configuration.
        [typeof(Deploy)] = Nothing,
        [typeof(DeployFile)] = Nothing,
        [typeof(ConfigBlob)] = Nothing,
        [typeof(RedeployRun)] = Nothing,
        [typeof(RedeployResult)] = Nothing,
        [typeof(AuditEntry)] = Nothing,
        [typeof(ApiKey)] = Nothing,
        [typeof(ApiUsage)] = Nothing,
        [typeof(PlatformToken)] = Nothing,
        [typeof(AccountSession)] = Nothing,
        [typeof(Data.AccountTally)] = Nothing,
        [typeof(Data.AuditTally)] = Nothing,
        [typeof(CallRecord)] = Nothing,
        [typeof(CdrCursor)] = Nothing,
        [typeof(Domain.Webhooks.WebhookEndpoint)] = Nothing,
        [typeof(Domain.Webhooks.WebhookDelivery)] = Nothing,
        [typeof(Domain.Webhooks.WebhookCursor)] = Nothing,
        [typeof(RetentionRun)] = Nothing,
        [typeof(RetentionSweep)] = Nothing,
        [typeof(Domain.Usage.MonthlyUsage)] = Nothing,
        [typeof(Domain.Usage.UsageCursor)] = Nothing,
        [typeof(Domain.Usage.UsageAlert)] = Nothing,
        [typeof(IdentityUserClaim<Guid>)] = Nothing,
        [typeof(IdentityUserLogin<Guid>)] = Nothing,
        [typeof(IdentityUserToken<Guid>)] = Nothing,
    };

    /// <summary>Whether this entity type has a decision (every type of the model must).</summary>
    public static bool Decides(Type entityType) => Rules.ContainsKey(entityType);

    /// <summary>What the added, changed and deleted rows among <paramref name="entries"/> call for.</summary>
    public static DeployTargets Of(IEnumerable<EntityEntry> entries)
    {
        var targets = new DeployTargets();
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            var type = entry.Metadata.ClrType;
            if (!Rules.TryGetValue(type, out var rule))
            {
                throw new InvalidOperationException(
                    $"{type.Name} has no decision in {nameof(ConfigShapingChanges)}: say whether saving it changes Asterisk's configuration.");
            }
            rule(entry, targets);
        }
        return targets;
    }

    private static void OwnedByOrganization(EntityEntry entry, DeployTargets targets) =>
        targets.Organizations.Add(((IOrganizationOwned)entry.Entity).OrganizationId);

    /// <summary>The value before the save (unless the row is new) and after it (unless the row is deleted).</summary>
    private static IEnumerable<T> Values<T>(EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        if (entry.State != EntityState.Added) yield return (T)p.OriginalValue!;
        if (entry.State != EntityState.Deleted) yield return (T)p.CurrentValue!;
    }

    /// <summary>Modified for real (a value differs), in <paramref name="property"/> or in any property; counters the database keeps are not changes.</summary>
    private static bool Changed(EntityEntry entry, string? property = null, IReadOnlySet<string>? except = null) =>
        entry.State == EntityState.Modified && entry.Properties.Any(p =>
            (property is null || p.Metadata.Name == property) && except?.Contains(p.Metadata.Name) != true && p.IsModified && p.Metadata.ValueGenerated != ValueGenerated.OnAddOrUpdate
            && !Equals(p.OriginalValue, p.CurrentValue));
}
