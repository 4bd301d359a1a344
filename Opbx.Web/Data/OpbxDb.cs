using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Domain.Usage;

namespace Opbx.Data;

public sealed class OpbxDb(DbContextOptions<OpbxDb> options, TenantContext tenant) : IdentityUserContext<Account, Guid>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Extension> Extensions => Set<Extension>();
    public DbSet<RingGroup> RingGroups => Set<RingGroup>();
    public DbSet<RingGroupMember> RingGroupMembers => Set<RingGroupMember>();
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<QueueMember> QueueMembers => Set<QueueMember>();
    public DbSet<Trunk> Trunks => Set<Trunk>();
    public DbSet<Did> Dids => Set<Did>();
    public DbSet<OutboundRoute> OutboundRoutes => Set<OutboundRoute>();
    public DbSet<OutboundRoutePattern> OutboundRoutePatterns => Set<OutboundRoutePattern>();
    public DbSet<OutboundRouteTrunk> OutboundRouteTrunks => Set<OutboundRouteTrunk>();
    public DbSet<EmergencyNumber> EmergencyNumbers => Set<EmergencyNumber>();
    public DbSet<EmergencyNumberTrunk> EmergencyNumberTrunks => Set<EmergencyNumberTrunk>();
    public DbSet<Deploy> Deploys => Set<Deploy>();
    public DbSet<DeployFile> DeployFiles => Set<DeployFile>();
    public DbSet<ConfigBlob> ConfigBlobs => Set<ConfigBlob>();
    public DbSet<RedeployRun> RedeployRuns => Set<RedeployRun>();
    public DbSet<RedeployResult> RedeployResults => Set<RedeployResult>();
    public DbSet<CallRecord> CallRecords => Set<CallRecord>();
    public DbSet<CdrCursor> CdrCursors => Set<CdrCursor>();
    public DbSet<Opbx.Domain.Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Opbx.Domain.Webhooks.WebhookEndpoint>();
    public DbSet<Opbx.Domain.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Opbx.Domain.Webhooks.WebhookDelivery>();
    public DbSet<Opbx.Domain.Webhooks.WebhookCursor> WebhookCursors => Set<Opbx.Domain.Webhooks.WebhookCursor>();
    public DbSet<RetentionRun> RetentionRuns => Set<RetentionRun>();
    public DbSet<MonthlyUsage> MonthlyUsage => Set<MonthlyUsage>();
    public DbSet<UsageCursor> UsageCursors => Set<UsageCursor>();
    public DbSet<UsageAlert> UsageAlerts => Set<UsageAlert>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PlatformToken> PlatformTokens => Set<PlatformToken>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ApiUsage> ApiUsage => Set<ApiUsage>();
    public DbSet<AccountTally> AccountTally => Set<AccountTally>();
    public DbSet<AccountSession> AccountSessions => Set<AccountSession>();

    public TenantContext Tenant => tenant;

    // Copies and counts kept by triggers (migrations MembershipAccountName and ListCounters), so lists sort, search
    // and count from an index instead of joining or counting every row. EF never writes them.
    /// <summary>Shadow column on Memberships: the member's name, for sorting and searching within the organization.</summary>
    public const string AccountNameColumn = "AccountName";
    /// <summary>Shadow column on Memberships: the member's email, for sorting and searching within the organization.</summary>
    public const string AccountEmailColumn = "AccountEmail";
    /// <summary>Shadow columns on Organizations: all members, active members (seats used), extensions.</summary>
    public const string MemberCountColumn = "MemberCount";
    public const string ActiveMemberCountColumn = "ActiveMemberCount";
    public const string ExtensionCountColumn = "ExtensionCount";
    /// <summary>Shadow column on Organizations: extensions assigned to a member (migration DashboardCounters).</summary>
    public const string AssignedExtensionCountColumn = "AssignedExtensionCount";

    // Read by the query filters; EF evaluates them per context instance.
    private Guid? CurrentOrganizationId => tenant.OrganizationId;
    private bool CrossOrganization => tenant.CrossOrganization;

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<Account>(e =>
        {
            e.ToTable("Accounts");
            e.Property(a => a.Name).HasMaxLength(100);
            e.HasIndex(a => a.NormalizedEmail).IsUnique();
            e.HasIndex(a => a.Name);
            e.HasIndex(a => new { a.IsActive, a.Name });
        });
        b.Entity<AccountTally>(e =>
        {
            e.ToTable("AccountTally");
            e.HasKey(t => new { t.IsActive, t.IsPlatformManager });
        });
        b.Entity<IdentityUserClaim<Guid>>().ToTable("AccountClaims");
        b.Entity<IdentityUserLogin<Guid>>().ToTable("AccountLogins");
        b.Entity<IdentityUserToken<Guid>>().ToTable("AccountTokens");

        b.Entity<Organization>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(100);
            e.HasIndex(o => o.Name).IsUnique();
            e.Property(o => o.Name).UseCollation("NOCASE");
            e.HasIndex(o => o.Slug).IsUnique();
            e.HasIndex(o => new { o.Status, o.CreatedAt });
            e.HasIndex(o => o.CreatedAt);
            e.Property(o => o.Industry).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.RecordingConsentMode).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.UsageAlertThresholds).HasMaxLength(40).HasDefaultValue("80,100");
            foreach (var counter in new[] { MemberCountColumn, ActiveMemberCountColumn, ExtensionCountColumn, AssignedExtensionCountColumn })
            {
                e.Property<int>(counter).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate();
            }
            e.HasIndex(ActiveMemberCountColumn, nameof(Organization.Name));
        });

        b.Entity<Membership>(e =>
        {
            e.HasIndex(m => new { m.OrganizationId, m.AccountId }).IsUnique();
            e.HasIndex(m => new { m.AccountId, m.Status });
            e.HasIndex(m => new { m.OrganizationId, m.Status, m.Role });
            // The organizations list shows each organization's first owner.
            e.HasIndex(m => new { m.OrganizationId, m.Role, m.CreatedAt });
            // Pending invitations of an organization, newest first, for its dashboard (a trigger clears accepted ones).
            e.HasIndex(m => new { m.OrganizationId, m.InvitedAt });
            // A copy of the account's name kept by triggers (see migration MembershipAccountName), so an organization's
            // members list is read in name order from an index instead of sorting every member.
            e.Property<string>(AccountNameColumn).HasMaxLength(100).HasDefaultValue("").ValueGeneratedOnAddOrUpdate();
            e.Property<string>(AccountEmailColumn).HasMaxLength(256).HasDefaultValue("").UseCollation("NOCASE").ValueGeneratedOnAddOrUpdate();
            // Name order from the index; the email rides along so a search within the organization reads only the index.
            e.HasIndex(nameof(Membership.OrganizationId), nameof(Membership.Status), AccountNameColumn, AccountEmailColumn);
            e.HasIndex(nameof(Membership.OrganizationId), AccountNameColumn, AccountEmailColumn);
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne(m => m.Organization).WithMany(o => o.Memberships).HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Account).WithMany(a => a.Memberships).HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Extension>(e =>
        {
            e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
            e.HasIndex(x => x.MembershipId).IsUnique();
            e.HasIndex(x => x.SipUsername).IsUnique();
            e.Property(x => x.Number).HasMaxLength(10);
            e.Property(x => x.SipUsername).HasMaxLength(32);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Membership).WithOne(m => m.Extension).HasForeignKey<Extension>(x => x.MembershipId).OnDelete(DeleteBehavior.SetNull);
        });
        ConfigurePbx(b);
        ConfigureDeploys(b);
        ConfigureRedeploys(b);

        // New entities are mapped by one IEntityTypeConfiguration each, in Data/Configurations.
        b.ApplyConfigurationsFromAssembly(typeof(OpbxDb).Assembly);

        b.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.KeyId).IsUnique();
            e.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ApiUsage>(e =>
        {
            e.ToTable("ApiUsage");
            e.HasKey(u => new { u.OrganizationId, u.Day });
            e.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<PlatformToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AccountSession>(e =>
        {
            e.Property(x => x.Address).HasMaxLength(64);
            e.Property(x => x.Browser).HasMaxLength(200);
            e.Property(x => x.SecurityStamp).HasMaxLength(64);
            e.HasIndex(x => new { x.AccountId, x.LastSeenAt });
            e.HasIndex(x => x.LastSeenAt);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Source).HasConversion<string>().HasMaxLength(10);
            e.Property(a => a.Address).HasMaxLength(45);
            e.HasIndex(a => a.At);
            // A person's own account activity (sign-ins, password and two-factor changes) on their profile.
            e.HasIndex(a => new { a.TargetType, a.TargetId, a.At });
            e.HasIndex(a => new { a.OrganizationId, a.At });
            // Platform entries have no organization; only cross-organization code reads them.
            e.HasQueryFilter(a => EF.Constant(CrossOrganization) || a.OrganizationId == CurrentOrganizationId);
        });

        // SQLite cannot order by DateTimeOffset; store it as ticks-preserving UTC text that sorts.
        foreach (var entity in b.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(typeof(DateTimeOffset?) == property.ClrType
                    ? new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset?, long?>(
                        v => v == null ? null : v.Value.UtcTicks, v => v == null ? null : new DateTimeOffset(v.Value, TimeSpan.Zero))
                    : new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
                        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero)));
            }

            if (typeof(IOrganizationOwned).IsAssignableFrom(entity.ClrType))
            {
                b.Entity(entity.ClrType).HasQueryFilter(OwnedFilter(entity.ClrType));
            }
        }
    }

    /// <summary>Ring groups, queues, trunks, numbers, outbound routes and emergency numbers (SPEC §6).</summary>
    private void ConfigurePbx(ModelBuilder b)
    {
        b.Entity<RingGroup>(e =>
        {
            e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
            e.Property(x => x.Number).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Strategy).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.FallbackKind).HasConversion<string>().HasMaxLength(20);
            e.Ignore(x => x.Fallback);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RingGroupMember>(e =>
        {
            e.HasIndex(x => new { x.RingGroupId, x.ExtensionId }).IsUnique();
            e.HasIndex(x => x.ExtensionId);
            e.HasOne(x => x.RingGroup).WithMany(g => g.Members).HasForeignKey(x => x.RingGroupId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Queue>(e =>
        {
            e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
            e.Property(x => x.Number).HasMaxLength(10);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Strategy).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.FallbackKind).HasConversion<string>().HasMaxLength(20);
            e.Ignore(x => x.Fallback);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<QueueMember>(e =>
        {
            e.HasIndex(x => new { x.QueueId, x.ExtensionId }).IsUnique();
            e.HasIndex(x => x.ExtensionId);
            e.HasOne(x => x.Queue).WithMany(q => q.Members).HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        // A trunk without an organization is shared: every organization sees it (to route over it), only platform code
        // (inside AcrossOrganizations) writes it. See EnforceTenant.
        b.Entity<Trunk>(e =>
        {
            e.HasIndex(x => x.OrganizationId);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Host).HasMaxLength(253);
            e.Property(x => x.Username).HasMaxLength(64);
            e.Property(x => x.InboundMatch).HasMaxLength(2000);
            e.Property(x => x.Transport).HasConversion<string>().HasMaxLength(10);
            e.Ignore(x => x.MatchList);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => EF.Constant(CrossOrganization) || x.OrganizationId == null || x.OrganizationId == CurrentOrganizationId);
        });

        // A number without an organization is in the platform's inventory: no organization sees it.
        b.Entity<Did>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.OrganizationId);
            e.HasIndex(x => x.TrunkId);
            e.Property(x => x.Number).HasMaxLength(16);
            e.Property(x => x.DestinationKind).HasConversion<string>().HasMaxLength(20);
            e.Ignore(x => x.Destination);
            // Deleting an organization deletes the numbers it still holds; the organization service first returns the
            // provider's numbers (on shared trunks) to the inventory.
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Trunk).WithMany().HasForeignKey(x => x.TrunkId).OnDelete(DeleteBehavior.SetNull);
            e.HasQueryFilter(x => EF.Constant(CrossOrganization) || x.OrganizationId == CurrentOrganizationId);
        });

        b.Entity<OutboundRoute>(e =>
        {
            e.HasIndex(x => new { x.OrganizationId, x.Position });
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasOne(x => x.CallerIdDid).WithMany().HasForeignKey(x => x.CallerIdDidId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutboundRoutePattern>(e =>
        {
            // One pattern leads to one route: Asterisk would otherwise pick one of them silently.
            e.HasIndex(x => new { x.OrganizationId, x.Pattern }).IsUnique();
            e.HasIndex(x => x.OutboundRouteId);
            e.Property(x => x.Pattern).HasMaxLength(40);
            e.Property(x => x.Prepend).HasMaxLength(20);
            e.HasOne(x => x.OutboundRoute).WithMany(r => r.Patterns).HasForeignKey(x => x.OutboundRouteId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutboundRouteTrunk>(e =>
        {
            e.HasIndex(x => new { x.OutboundRouteId, x.TrunkId }).IsUnique();
            e.HasIndex(x => x.TrunkId);
            e.HasOne(x => x.OutboundRoute).WithMany(r => r.Trunks).HasForeignKey(x => x.OutboundRouteId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Trunk).WithMany().HasForeignKey(x => x.TrunkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EmergencyNumber>(e =>
        {
            e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
            e.Property(x => x.Number).HasMaxLength(10);
            e.HasOne(x => x.CallerIdDid).WithMany().HasForeignKey(x => x.CallerIdDidId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EmergencyNumberTrunk>(e =>
        {
            e.HasIndex(x => new { x.EmergencyNumberId, x.TrunkId }).IsUnique();
            e.HasIndex(x => x.TrunkId);
            e.HasOne(x => x.EmergencyNumber).WithMany(n => n.Trunks).HasForeignKey(x => x.EmergencyNumberId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Trunk).WithMany().HasForeignKey(x => x.TrunkId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>Deploys of Asterisk configuration: an organization's own, or the platform's (no organization; only platform code sees those).</summary>
    private void ConfigureDeploys(ModelBuilder b)
    {
        b.Entity<Deploy>(e =>
        {
            e.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.RequestedBy).HasMaxLength(200);
            // An organization's history, newest first; and the one still queued for it, which saves join.
            e.HasIndex(x => new { x.OrganizationId, x.QueuedAt });
            e.HasIndex(x => new { x.Status, x.OrganizationId });
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            e.HasQueryFilter(x => EF.Constant(CrossOrganization) || x.OrganizationId == CurrentOrganizationId);
        });
        // A deploy's file set (path and content hash); reached only through its deploy, which the organization filter guards.
        b.Entity<DeployFile>(e =>
        {
            e.HasKey(x => new { x.DeployId, x.Path });
            e.Property(x => x.Path).HasMaxLength(300);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash);
            e.HasOne<Deploy>().WithMany().HasForeignKey(x => x.DeployId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ConfigBlob>(e =>
        {
            e.HasKey(x => x.Hash);
            e.Property(x => x.Hash).HasMaxLength(64);
        });
    }

    /// <summary>"Redeploy all" runs and their per-organization results: platform data (only platform pages read them).</summary>
    private static void ConfigureRedeploys(ModelBuilder b)
    {
        b.Entity<RedeployRun>(e =>
        {
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.RequestedBy).HasMaxLength(200);
            e.HasIndex(x => x.StartedAt);
        });
        b.Entity<RedeployResult>(e =>
        {
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.OrganizationName).HasMaxLength(200);
            // A run's results in order of name; failed ones first when asked.
            e.HasIndex(x => new { x.RunId, x.Status, x.OrganizationName });
            e.HasIndex(x => x.OrganizationId);
            e.HasOne<RedeployRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        });
    }

    private LambdaExpression OwnedFilter(Type type)
    {
        // e => EF.Constant(CrossOrganization) || e.OrganizationId == CurrentOrganizationId
        // The flag is inlined (two cached plans) rather than a parameter: "@p OR OrganizationId = @o" keeps SQLite off the index.
        var e = Expression.Parameter(type, "e");
        var self = Expression.Constant(this);
        var cross = Expression.Call(typeof(EF).GetMethod(nameof(EF.Constant))!.MakeGenericMethod(typeof(bool)), Expression.Property(self, nameof(CrossOrganization)));
        var current = Expression.Property(self, nameof(CurrentOrganizationId));
        var owner = Expression.Convert(Expression.Property(e, nameof(IOrganizationOwned.OrganizationId)), typeof(Guid?));
        return Expression.Lambda(Expression.OrElse(cross, Expression.Equal(owner, current)), e);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnforceTenant();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw LostRace();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnforceTenant();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A row this save updates or deletes was changed or removed by another request in between (a lost race): the
            // person is told so (409), never a 500. Services that read under the write lock do not get here.
            throw LostRace();
        }
    }

    internal static RuleViolationException LostRace() =>
        new(Verdict.Conflict("Someone else changed or removed this at the same moment. Reload the page and try again."));

    /// <summary>
    /// Checked again when saving: organization-owned rows may only be written for the current organization. Rows that may
    /// belong to the platform (shared trunks, inventory numbers) are written for the platform only by cross-organization
    /// code, and an organization can neither take such a row nor give one of its own away.
    /// </summary>
    private void EnforceTenant()
    {
        foreach (var entry in ChangeTracker.Entries<IOrganizationOrPlatformOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached || tenant.CrossOrganization) continue;
            var before = entry.State == EntityState.Added ? tenant.OrganizationId : (Guid?)entry.OriginalValues[nameof(IOrganizationOrPlatformOwned.OrganizationId)];
            if (tenant.OrganizationId is null || entry.Entity.OrganizationId != tenant.OrganizationId || before != tenant.OrganizationId)
            {
                throw new InvalidOperationException(
                    $"Refused to write {entry.Metadata.ClrType.Name} of {entry.Entity.OrganizationId?.ToString() ?? "the platform"} from organization {tenant.OrganizationId?.ToString() ?? "(none)"}.");
            }
        }

        foreach (var entry in ChangeTracker.Entries<IOrganizationOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.State == EntityState.Added && entry.Entity.OrganizationId == Guid.Empty && tenant.OrganizationId is { } current)
            {
                entry.Entity.OrganizationId = current;
            }
            if (tenant.CrossOrganization) continue;
            if (tenant.OrganizationId is null || entry.Entity.OrganizationId != tenant.OrganizationId)
            {
                throw new InvalidOperationException(
                    $"Refused to write {entry.Metadata.ClrType.Name} of organization {entry.Entity.OrganizationId} from organization {tenant.OrganizationId?.ToString() ?? "(none)"}.");
            }
        }
    }
}
