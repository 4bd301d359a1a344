using Microsoft.Extensions.Options;
using Opbx.Asterisk.Ami;

namespace Opbx.Asterisk;

public static class AsteriskServices
{
    /// <summary>The config folder, one shared AMI session (no events), the reloader, the inspector and the deployer that chains them.</summary>
    public static IServiceCollection AddAsterisk(this IServiceCollection services)
    {
        services.AddSingleton<ConfigFolder>();
        services.AddSingleton(sp => new AmiClient(
            sp.GetRequiredService<IOptions<OpbxOptions>>().Value.Asterisk.Ami, sp.GetRequiredService<ILogger<AmiClient>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AsteriskReloader>();
        services.AddSingleton<AsteriskInspector>();
        services.AddSingleton<AsteriskDeployer>();
        return services;
    }
}
