using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Pbx;

namespace Opbx.Tests.Infrastructure;

/// <summary>Waiting for the deploys that saves queue in the background.</summary>
public static class Deploys
{
    /// <summary>
    /// Waits until no deploy (of any organization, or the platform's) is queued, running or waiting for Asterisk, then returns those queued at or
    /// after <paramref name="since"/>, oldest first. A save queues its deploy before the service call returns, so once
    /// nothing is pending every earlier save is deployed.
    /// </summary>
    public static async Task<IReadOnlyList<Deploy>> SettledDeploysAsync(this OpbxApp app, DateTimeOffset since, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var deploys = await app.WithScopeAsync(async sp =>
            {
                using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
                var db = sp.GetRequiredService<OpbxDb>();
                if (await db.Deploys.AnyAsync(d => d.Status == DeployStatus.Queued || d.Status == DeployStatus.Running || d.Status == DeployStatus.WaitingForAsterisk)) return null;
                return await db.Deploys.AsNoTracking().Where(d => d.QueuedAt >= since).OrderBy(d => d.QueuedAt).ToListAsync();
            });
            if (deploys is not null) return deploys;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Deploys still queued or running after the timeout.");
            await Task.Delay(100);
        }
    }
}
