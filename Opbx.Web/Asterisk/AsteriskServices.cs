using Microsoft.Extensions.Options;
using Opbx.Asterisk.Ami;
using Opbx.Asterisk.Deploys;
using Opbx.Asterisk.Live;
using Opbx.Asterisk.Redeploy;

namespace Opbx.Asterisk;

public static class AsteriskServices
{
    /// <summary>
    /// The config folder, one shared AMI session (no events), the reloader, the inspector and the deployer that chains
    /// them; the live-state monitor; the deploy queue, runner and service (the deploy interceptor is registered with the database context).
    /// </summary>
    public static IServiceCollection AddAsterisk(this IServiceCollection services)
    {
        services.AddSingleton<ConfigFolder>();
        services.AddSingleton(sp => new AmiClient(
            sp.GetRequiredService<IOptions<OpbxOptions>>().Value.Asterisk.Ami, sp.GetRequiredService<ILogger<AmiClient>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AsteriskReloader>();
        services.AddSingleton<AsteriskInspector>();
        // Live state (phones, calls, version) for pages and /metrics: one snapshot, read on an AMI session of its own.
        services.AddSingleton<AsteriskMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AsteriskMonitor>());
        services.AddScoped<RecentReloads>();
        services.AddSingleton<AsteriskDeployer>();
        services.AddSingleton<DeployQueue>();
        services.AddScoped<DeployRunner>();
        services.AddSingleton<RunningDeploys>();
        services.AddSingleton<DeployWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<DeployWatchdog>());
        services.AddScoped<DeployService>();
        services.AddScoped<DeployFileSets>();
        services.AddScoped<PlatformDeploys>();
        services.AddSingleton<AsteriskLog>();
        services.AddScoped<RedeployAll>();
        return services;
    }
}
