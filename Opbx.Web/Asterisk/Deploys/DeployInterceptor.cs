using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Opbx.Data;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk.Deploys;

/// <summary>
/// The one mechanism that turns saves into deploys, so no page, endpoint, service, job or command can forget one: every
/// save is read for rows that shape Asterisk's configuration (<see cref="ConfigShapingChanges"/>), and the deploys they
/// call for are queued once the data is committed (after the save, or after the transaction around it), never before:
/// a deploy that ran before the commit would render the old data. A rolled back transaction queues nothing.
/// </summary>
public sealed class DeployInterceptor(DeployQueue queue, AuditActor actor, ILogger<DeployInterceptor> logger) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private DeployTargets? _saving;
    private readonly DeployTargets _awaitingCommit = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        _saving = Collect(eventData.Context);
        if (_saving is { Accounts.Count: > 0 } targets) targets.Organizations.UnionWith(ExtensionHolders(eventData.Context!, targets).ToList());
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        _saving = Collect(eventData.Context);
        if (_saving is { Accounts.Count: > 0 } targets) targets.Organizations.UnionWith(await ExtensionHolders(eventData.Context!, targets).ToListAsync(cancellationToken));
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context) is { } targets) QueueAsync(targets, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context) is { } targets) await QueueAsync(targets, cancellationToken);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => _saving = null;

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _saving = null;
        return Task.CompletedTask;
    }

    // A transaction disposed without Commit or Rollback (an exception left its using block) raises neither event: what
    // waited for it is dropped when the next one begins.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _awaitingCommit.Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        _awaitingCommit.Clear();
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        _awaitingCommit.Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        _awaitingCommit.Clear();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        QueueAsync(TakeCommitted(), CancellationToken.None).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        QueueAsync(TakeCommitted(), cancellationToken);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _awaitingCommit.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _awaitingCommit.Clear();
        return Task.CompletedTask;
    }

    private static DeployTargets? Collect(DbContext? context)
    {
        if (context is null) return null;
        context.ChangeTracker.DetectChanges();
        var targets = ConfigShapingChanges.Of(context.ChangeTracker.Entries());
        return targets.IsEmpty ? null : targets;
    }

    /// <summary>The organizations where the accounts hold an extension, read before the save (a deleted account's memberships go with it).</summary>
    private static IQueryable<Guid> ExtensionHolders(DbContext context, DeployTargets targets)
    {
        var accounts = targets.Accounts.ToList();
        return context.Set<Extension>().IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.Membership != null && accounts.Contains(x.Membership.AccountId)).Select(x => x.OrganizationId).Distinct();
    }

    /// <summary>What to queue now: the save's targets when no transaction is open (the save committed itself); otherwise they wait for the commit.</summary>
    private DeployTargets? Saved(DbContext? context)
    {
        var targets = _saving;
        _saving = null;
        if (targets is null || context is null) return null;
        if (context.Database.CurrentTransaction is null) return targets;
        _awaitingCommit.Add(targets);
        return null;
    }

    private DeployTargets TakeCommitted()
    {
        var targets = new DeployTargets();
        targets.Add(_awaitingCommit);
        _awaitingCommit.Clear();
        return targets;
    }

    private async Task QueueAsync(DeployTargets targets, CancellationToken ct)
    {
        var deploys = targets.Deploys();
        if (deploys.Count == 0) return;
        try
        {
            await queue.QueueAsync(deploys, DeployTrigger.Save, actor.Name, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change itself is committed: answering with an error would tell the person it was not. The next deploy of
            // the organization (any save, "Deploy now", or Opbx's start-up deploy) writes it.
            logger.LogError(e, "A committed change could not queue its deploy ({Deploys}).", string.Join(", ", deploys.Select(d => d?.ToString() ?? "platform")));
        }
    }
}
