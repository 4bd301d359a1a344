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
public sealed class DeployInterceptor(DeployQueue queue, ILogger<DeployInterceptor> logger) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not OpbxDb db) return result;
        var targets = db.PendingDeploys.Saving = Collect(db);
        if (targets is { Accounts.Count: > 0 }) targets.Organizations.UnionWith(ExtensionHolders(db, targets).ToList());
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not OpbxDb db) return result;
        var targets = db.PendingDeploys.Saving = Collect(db);
        if (targets is { Accounts.Count: > 0 }) targets.Organizations.UnionWith(await ExtensionHolders(db, targets).ToListAsync(cancellationToken));
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context) is { } targets) QueueAsync(targets, eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context) is { } targets) await QueueAsync(targets, eventData.Context, cancellationToken);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // A transaction disposed without Commit or Rollback (an exception left its using block) raises neither event: what
    // waited for it is dropped when the next one begins, or when the context is used again (OpbxDb.Use).
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Pending(eventData.Context)?.AwaitingCommit.Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Pending(eventData.Context)?.AwaitingCommit.Clear();
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        Pending(eventData.Context)?.AwaitingCommit.Clear();
        return result;
    }

    public ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Pending(eventData.Context)?.AwaitingCommit.Clear();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        QueueAsync(TakeCommitted(eventData.Context), eventData.Context, CancellationToken.None).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        QueueAsync(TakeCommitted(eventData.Context), eventData.Context, cancellationToken);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Pending(eventData.Context)?.AwaitingCommit.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending(eventData.Context)?.AwaitingCommit.Clear();
        return Task.CompletedTask;
    }

    private static PendingDeploys? Pending(DbContext? context) => (context as OpbxDb)?.PendingDeploys;

    private static void Forget(DbContext? context)
    {
        if (Pending(context) is { } pending) pending.Saving = null;
    }

    private static DeployTargets? Collect(DbContext context)
    {
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
    private static DeployTargets? Saved(DbContext? context)
    {
        if (Pending(context) is not { } pending) return null;
        var targets = pending.Saving;
        pending.Saving = null;
        if (targets is null) return null;
        if (context!.Database.CurrentTransaction is null) return targets;
        pending.AwaitingCommit.Add(targets);
        return null;
    }

    private static DeployTargets TakeCommitted(DbContext? context)
    {
        var targets = new DeployTargets();
        if (Pending(context) is not { } pending) return targets;
        targets.Add(pending.AwaitingCommit);
        pending.AwaitingCommit.Clear();
        return targets;
    }

    private async Task QueueAsync(DeployTargets targets, DbContext? context, CancellationToken ct)
    {
        var deploys = targets.Deploys();
        if (deploys.Count == 0) return;
        try
        {
            await queue.QueueAsync(deploys, DeployTrigger.Save, (context as OpbxDb)?.Actor.Name ?? "system", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change itself is committed: answering with an error would tell the person it was not. The next deploy of
            // the organization (any save, "Deploy now", or Opbx's start-up deploy) writes it.
            logger.LogError(e, "A committed change could not queue its deploy ({Deploys}).", string.Join(", ", deploys.Select(d => d?.ToString() ?? "platform")));
        }
    }
}
