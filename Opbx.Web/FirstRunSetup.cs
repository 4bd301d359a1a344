using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Web;

namespace Opbx;

/// <summary>First start: migrations, WAL, and the first platform manager (from settings, or a one-time setup link).</summary>
public static class FirstRunSetup
{
    public static async Task PrepareDatabaseAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await PlannerStatistics.RefreshAsync(db);
        await IssueMissingSipCredentialsAsync(db, scope.ServiceProvider.GetRequiredService<SipCredentials>());
    }

    /// <summary>
    /// Extensions made before Opbx issued SIP credentials get a password and a voicemail PIN (once; nothing had been shown
    /// or written to Asterisk before). An extension without a password is never written to Asterisk.
    /// </summary>
    private static async Task IssueMissingSipCredentialsAsync(OpbxDb db, SipCredentials credentials)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var missing = await db.Extensions.Where(x => x.SipPassword == "" || x.VoicemailPin == "").ToListAsync();
        if (missing.Count == 0) return;
        foreach (var extension in missing)
        {
            if (extension.SipPassword.Length == 0) credentials.Rotate(extension);
            if (extension.VoicemailPin.Length == 0) extension.VoicemailPin = credentials.Protect(SipCredentials.NewPin());
        }
        await db.SaveChangesAsync();
    }

    /// <summary>The first platform manager from settings; without settings, the one-time setup token to print once the server listens.</summary>
    public static async Task<string?> BootstrapAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
        if (await db.Users.AnyAsync(a => a.IsPlatformManager)) return null;
        var options = scope.ServiceProvider.GetRequiredService<IOptions<OpbxOptions>>().Value;
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Opbx.Setup");
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set("bootstrap", null, AuditSource.System);
        if (!string.IsNullOrWhiteSpace(options.Bootstrap.Email) && !string.IsNullOrEmpty(options.Bootstrap.Password))
        {
            var account = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .EnsurePlatformManagerAsync(options.Bootstrap.Email, options.Bootstrap.Name, options.Bootstrap.Password);
            logger.LogInformation("Created the first platform manager {Email} from Opbx__Bootstrap settings.", account.Email);
            return null;
        }
        return services.GetRequiredService<SetupToken>().Issue();
    }

    /// <summary>Prints the setup link once the server listens, so that without a PublicBaseUrl it carries the address and port it really has.</summary>
    public static void PrintSetupLink(IServiceProvider services, string token)
    {
        var link = $"{services.GetRequiredService<PublicAddress>().BaseUrl}/setup?token={token}";
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Opbx.Setup")
            .LogWarning("No platform manager exists yet. Open this one-time link to create one: {Link}", link);
        Console.WriteLine($"Opbx setup: {link}");
    }
}
