using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Data;

/// <summary>
/// Database contexts are pooled: the next scope may get the very context the last one used. It must come with the new
/// scope's tenant and audit actor, nothing tracked, no transaction, and the connection's own busy wait.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PooledContextTests(OpbxApp app)
{
    [Fact]
    public async Task AReusedContextCarriesNothingOfItsLastScope()
    {
        var created = await app.CreateOrganizationAsync();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        OpbxDb first;
        await using (var scope = scopes.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(created.Organization.Id);
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set("First Scope", null, Opbx.Domain.Audit.AuditSource.System);
            Assert.Equal(created.Organization.Id, first.Tenant.OrganizationId);
            Assert.Equal("First Scope", first.Actor.Name);
            // A short busy wait (as a session's touch uses) is put back afterwards.
            await first.WithBusyWaitAsync(TimeSpan.FromSeconds(1), async () => Assert.NotEmpty(await first.Memberships.ToListAsync()));
            await first.Database.BeginTransactionAsync();
        }

        // The pool hands contexts out in the order they came back: rent until the first scope's context comes round again.
        var reused = false;
        for (var i = 0; i < 500 && !reused; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var next = scope.ServiceProvider.GetRequiredService<OpbxDb>();
            Assert.Same(scope.ServiceProvider.GetRequiredService<TenantContext>(), next.Tenant);
            Assert.Same(scope.ServiceProvider.GetRequiredService<AuditActor>(), next.Actor);
            if (!ReferenceEquals(next, first)) continue;
            reused = true;
            Assert.Null(next.Tenant.OrganizationId);
            Assert.Equal("system", next.Actor.Name);
            Assert.Empty(next.ChangeTracker.Entries());
            Assert.Null(next.Database.CurrentTransaction);
            // Outside an organization the members are filtered away, not shown as the last scope's organization's.
            Assert.Empty(await next.Memberships.ToListAsync());
            Assert.Equal((int)DatabaseFault.BusyTimeout.TotalSeconds, ((SqliteConnection)next.Database.GetDbConnection()).DefaultTimeout);
        }
        Assert.True(reused, "The pool never handed the first scope's context out again.");
    }
}
