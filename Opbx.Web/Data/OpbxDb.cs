using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Opbx.Asterisk.Deploys;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Domain.Usage;

namespace Opbx.Data;

/// <summary>
/// The database. Contexts are pooled (<c>AddPooledDbContextFactory</c>): a request or job rents one and hands it its own
/// tenant and audit actor with <see cref="Use"/>; the interceptors are singletons that read them from the context they
/// intercept. Built once, the options and the context's services are not rebuilt for every request.
/// </summary>
public sealed class OpbxDb(DbContextOptions<OpbxDb> options) : IdentityUserContext<Account, Guid>(options)
{
    private TenantContext tenant = new();
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
    public DbSet<RetentionSweep> RetentionSweeps => Set<RetentionSweep>();
    public DbSet<MonthlyUsage> MonthlyUsage => Set<MonthlyUsage>();
    public DbSet<UsageCursor> UsageCursors => Set<UsageCursor>();
    public DbSet<UsageAlert> UsageAlerts => Set<UsageAlert>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PlatformToken> PlatformTokens => Set<PlatformToken>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ApiUsage> ApiUsage => Set<ApiUsage>();
    public DbSet<AccountTally> AccountTally => Set<AccountTally>();
    public DbSet<AuditTally> AuditTally => Set<AuditTally>();
    public DbSet<AccountSession> AccountSessions => Set<AccountSession>();

    /// <summary>
    /// The database options of the app's pooled contexts: SQLite, a list of ids as one JSON parameter, and a connection that
    /// stays open with its prepared statements (<see cref="KeptOpenConnection"/>, <see cref="StatementReuse"/>), so a
    /// page's queries are not parsed and planned again on every request, and reads the file through a memory map
    /// (<see cref="MappedReads"/>).
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        KeptOpenConnection.For(options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)))
            .AddInterceptors(StatementReuse.Instance, MappedReads.Instance);

    /// <summary>The organization this context reads and writes, as its current user (request or job) has entered it.</summary>
    public TenantContext Tenant => tenant;

    /// <summary>Who this context's saves are audited as (<see cref="AuditInterceptor"/>).</summary>
    public AuditActor Actor { get; private set; } = new();

    /// <summary>The deploys this context's saves call for, until their data is committed (<see cref="DeployInterceptor"/>).</summary>
    internal PendingDeploys PendingDeploys { get; private set; } = new();

    /// <summary>Gives the context to one user (a request, a job, a command): its tenant and audit actor, nothing pending from before.</summary>
    public OpbxDb Use(TenantContext tenant, AuditActor? actor = null)
    {
        this.tenant = tenant;
        Actor = actor ?? new AuditActor();
        PendingDeploys = new();
        return this;
    }

    // Copies and counts kept by triggers (migrations MembershipAccountName and ListCounters), so lists sort, search
    // and count from an index instead of joining or counting every row. EF never writes them.
    /// <summary>Shadow column on Memberships: the member's name, for sorting and searching within the organization.</summary>
    public const string AccountNameColumn = "AccountName";
    /// <summary>Shadow column on Memberships: the member's email, for sorting and searching within the organization.</summary>
    public const string AccountEmailColumn = "AccountEmail";
    /// <summary>Shadow column on Memberships: the number of the member's extension, for sorting by it (migration MembershipExtensionNumber).</summary>
    public const string ExtensionNumberColumn = "ExtensionNumber";
    /// <summary>Shadow columns on Organizations: all members, active members (seats used), extensions.</summary>
    public const string MemberCountColumn = "MemberCount";
    public const string ActiveMemberCountColumn = "ActiveMemberCount";
    public const string ExtensionCountColumn = "ExtensionCount";
    /// <summary>Shadow column on Organizations: extensions assigned to a member (migration DashboardCounters).</summary>
    public const string AssignedExtensionCountColumn = "AssignedExtensionCount";

    // Read by the query filters; EF evaluates them per context instance.
    private Guid? CurrentOrganizationId => tenant.OrganizationId;
    // Null unless the context reads across organizations. The filters test it for null, and EF Core settles a null test of a
    // parameter when it writes the SQL and caches the SQL per null-ness: two cached statements, "OrganizationId = @o" and
    // none. (EF.Constant made the same two shapes, but EF Core wrote the SQL again on every execution; a plain bool
    // parameter gives "@p OR OrganizationId = @o", which keeps SQLite off the index.)
    private bool? CrossOrganizationMark => tenant.CrossOrganization ? true : null;

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        // Every entity is mapped by one IEntityTypeConfiguration, in Data/Configurations.
        b.ApplyConfigurationsFromAssembly(typeof(OpbxDb).Assembly);

        // Filters that read this context's tenant stay here: EF creates the configuration classes itself, without the context.
        // A trunk without an organization is shared: every organization sees it (to route over it), only platform code
        // (inside AcrossOrganizations) writes it. See EnforceTenant.
        b.Entity<Trunk>().HasQueryFilter(x => EF.Parameter(CrossOrganizationMark) != null || x.OrganizationId == null || x.OrganizationId == CurrentOrganizationId);
        // A number without an organization is in the platform's inventory: no organization sees it.
        b.Entity<Did>().HasQueryFilter(x => EF.Parameter(CrossOrganizationMark) != null || x.OrganizationId == CurrentOrganizationId);
        // A platform deploy has no organization; only platform code sees it.
        b.Entity<Deploy>().HasQueryFilter(x => EF.Parameter(CrossOrganizationMark) != null || x.OrganizationId == CurrentOrganizationId);
        // Platform entries have no organization; only cross-organization code reads them.
        b.Entity<AuditEntry>().HasQueryFilter(a => EF.Parameter(CrossOrganizationMark) != null || a.OrganizationId == CurrentOrganizationId);

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

    private LambdaExpression OwnedFilter(Type type)
    {
        // e => EF.Parameter(CrossOrganizationMark) != null || e.OrganizationId == CurrentOrganizationId
        var e = Expression.Parameter(type, "e");
        var self = Expression.Constant(this);
        var cross = Expression.NotEqual(
            Expression.Call(typeof(EF).GetMethod(nameof(EF.Parameter))!.MakeGenericMethod(typeof(bool?)), Expression.Property(self, nameof(CrossOrganizationMark))),
            Expression.Constant(null, typeof(bool?)));
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
