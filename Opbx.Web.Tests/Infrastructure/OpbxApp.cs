using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Infrastructure;

/// <summary>
/// The real application on Kestrel (a real port, so Playwright can drive it), on a temporary SQLite file,
/// with a real SMTP server. Built once for the whole run; each test makes its own data.
/// </summary>
public class OpbxApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@opbx.test";
    public const string AdminPassword = "Admin-password-1";
    /// <summary>The hosting provider's name as the operator sets it (e-mails name it).</summary>
    public const string ProviderName = "Harbour Telecom";

    /// <summary>
    /// Program reads its settings before the host is built, when only the environment reaches it (settings given to the
    /// factory arrive after Build), and the environment belongs to the whole test process. So each app sets its settings,
    /// builds its host and clears them again, one app at a time: two apps (this one and the Asterisk collection's) never
    /// see each other's settings.
    /// </summary>
    private static readonly SemaphoreSlim EnvironmentLock = new(1, 1);

    private WebApplicationFactory<Program>? _factory;

    public MailDev Mail { get; } = new();
    /// <summary>Makes the database's disk look full to the app (fault tests); off unless a test turns it on.</summary>
    public SimulatedFullDisk Disk { get; } = new();
    /// <summary>Makes deploys render something else (a test of what Asterisk refuses); off unless a test turns it on.</summary>
    public ConfigTamper Tamper { get; } = new();
    /// <summary>What the app logged (Warning and up), for tests that check what was or was not logged.</summary>
    public CapturedLogs Logs { get; } = new();
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "opbx-tests-" + Guid.NewGuid().ToString("N")[..8]);
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _factory!.Services;

    public virtual async Task InitializeAsync()
    {
        await Mail.StartAsync();
        await StartAsync(new Dictionary<string, string>
        {
            ["Opbx__Smtp__Host"] = "127.0.0.1",
            ["Opbx__Smtp__Port"] = Mail.SmtpPort.ToString(),
            // Long enough that the saves of one test in a row land in one deploy whatever the machine's load
            // (DeployOnSaveTests counts them); the tests that wait for deploys wait for this too.
            ["Opbx__Asterisk__DeployDelay"] = "00:00:02",
        });
    }

    /// <summary>Builds and starts the app with the common test settings and <paramref name="settings"/> (environment-variable names).</summary>
    protected async Task StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = Ports.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        var all = new Dictionary<string, string>
        {
            ["Opbx__DataDirectory"] = DataDirectory,
            ["Opbx__PublicBaseUrl"] = BaseUrl,
            ["Opbx__ProviderName"] = ProviderName,
            ["Opbx__Bootstrap__Email"] = AdminEmail,
            ["Opbx__Bootstrap__Password"] = AdminPassword,
            ["Opbx__Bootstrap__Name"] = "Ada Admin",
            ["Opbx__Jobs__EmailRetries"] = "8",
            ["Opbx__Jobs__EmailRetryDelay"] = "00:00:01",
            ["Opbx__Jobs__EmailRetryMaxDelay"] = "00:00:02",
            // The usage tests run the usage check themselves; the clock's run every five minutes, falling between a test's
            // tally and its check, would take the test's alert and deploy first (seen once).
            ["Opbx__Jobs__UsageCron"] = "0 0 0 1 1 ? 2099",
            ["Logging__LogLevel__Default"] = "Warning",
            // Every test signs in from 127.0.0.1: limits no ordinary test reaches (the rate-limit tests lower them for themselves).
            ["Opbx__Security__RateLimits__SignInPerAddress"] = "1000000",
            ["Opbx__Security__RateLimits__FailuresPerAccountAndAddress"] = "1000000",
            ["Opbx__Security__RateLimits__ForgotPasswordPerAddress"] = "1000000",
            ["Opbx__Security__RateLimits__ApiFailuresPerAddress"] = "1000000",
            // The tests' "reverse proxy" connects from this loopback address (ProxyClient); everyone else is a direct client.
            ["Opbx__Network__KnownProxies"] = ProxyClient.Address.ToString(),
            // A deploy left behind by a fault (the database busy or full while it started or ended) is moved on within seconds,
            // not left in the way of every later test that waits for deploys (DeployRecoveryTests).
            ["Opbx__Asterisk__DeploySweepInterval"] = "00:00:02",
        };
        foreach (var (k, v) in settings) all[k] = v;
        await EnvironmentLock.WaitAsync();
        try
        {
            foreach (var (k, v) in all) Environment.SetEnvironmentVariable(k, v);
            _factory = new Factory(Disk, Tamper, Logs);
            _factory.UseKestrel(port);
            _factory.StartServer();
        }
        finally
        {
            foreach (var k in all.Keys) Environment.SetEnvironmentVariable(k, null);
            EnvironmentLock.Release();
        }
        using var http = new HttpClient();
        (await http.GetAsync(BaseUrl + "/healthz")).EnsureSuccessStatusCode();
        // A first page through the whole pipeline (Identity, Razor, antiforgery), so the first test is not the one that
        // pays for a cold start on a busy 2-core machine.
        (await http.GetAsync(BaseUrl + "/Identity/Account/Login")).EnsureSuccessStatusCode();
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await Mail.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// The app with the test's storage boundary (<see cref="SimulatedFullDisk"/>) on its database connections, and the
    /// deploy seam only a test host registers (<see cref="ConfigTamper"/>), and its log kept in memory (<see cref="CapturedLogs"/>).
    /// </summary>
    private sealed class Factory(SimulatedFullDisk disk, ConfigTamper tamper, CapturedLogs logs) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            builder.ConfigureServices(s =>
            {
                s.ConfigureDbContext<OpbxDb>(o => o.AddInterceptors(disk));
                s.AddSingleton(disk.Space);
                s.AddSingleton<Opbx.Asterisk.Deploys.IRenderedConfigHook>(tamper);
            }).ConfigureLogging(l => l.AddProvider(logs));
    }

    /// <summary>Runs <paramref name="work"/> in a fresh scope acting as the test harness (audited as source "system").</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set("test-harness", null, AuditSource.System);
        return await work(scope.ServiceProvider);
    }

    public Task WithScopeAsync(Func<IServiceProvider, Task> work) => WithScopeAsync(async sp => { await work(sp); return true; });

    /// <summary>Like <see cref="WithScopeAsync{T}"/>, inside one organization (the data layer filters to it).</summary>
    public Task<T> InOrganizationAsync<T>(Guid organizationId, Func<IServiceProvider, Task<T>> work) => WithScopeAsync(sp =>
    {
        sp.GetRequiredService<TenantContext>().Enter(organizationId);
        return work(sp);
    });

    public Task InOrganizationAsync(Guid organizationId, Func<IServiceProvider, Task> work) =>
        InOrganizationAsync(organizationId, async sp => { await work(sp); return true; });

    public Task<Guid> AdminIdAsync() => WithScopeAsync(async sp =>
        (await sp.GetRequiredService<OpbxDb>().Users.SingleAsync(a => a.Email == AdminEmail)).Id);

    public async Task<Actor> AdminActorAsync() => Actor.Person(await AdminIdAsync(), true, null);

    /// <summary>A new organization with its owner (who has a password, so they can sign in).</summary>
    public async Task<CreatedOrganization> CreateOrganizationAsync(string? name = null, string? ownerEmail = null, string password = "Owner-password-1",
        Action<OrganizationSettings>? configure = null)
    {
        name ??= "Org " + Guid.NewGuid().ToString("N")[..8];
        ownerEmail ??= $"owner-{Guid.NewGuid():N}@example.test";
        var actor = await AdminActorAsync();
        var created = await WithScopeAsync(async sp =>
        {
            var settings = IndustryPresets.For(Industry.General);
            settings.Name = name;
            configure?.Invoke(settings);
            return await sp.GetRequiredService<OrganizationService>().CreateAsync(actor, settings, "Olive Owner", ownerEmail);
        });
        await SetPasswordAsync(created.Owner.Id, password);
        return created;
    }

    /// <summary>
    /// Changes a setting while the app runs, as an operator's edit of appsettings.json would (Opbx reads its options through
    /// IOptionsMonitor, which a file change refreshes): sets the key and drops the options read so far.
    /// </summary>
    public void SetConfiguration(string key, string? value)
    {
        Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[key] = value;
        Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitorCache<OpbxOptions>>().Clear();
    }

    public Task SetPasswordAsync(Guid accountId, string password) => WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Account>>();
        var account = await users.FindByIdAsync(accountId.ToString());
        var token = await users.GeneratePasswordResetTokenAsync(account!);
        var result = await users.ResetPasswordAsync(account!, token, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    });

    /// <summary>Adds a member with a password to an organization.</summary>
    public async Task<Membership> AddMemberAsync(Guid organizationId, string role, string? email = null, string password = "Member-password-1",
        string? extension = null, string? name = null)
    {
        var actor = await AdminActorAsync();
        return await InOrganizationAsync(organizationId, async sp =>
        {
            return await sp.GetRequiredService<MemberService>().AddAsync(actor, new NewMember
            {
                Name = name ?? "Member " + role,
                Email = email ?? $"{role}-{Guid.NewGuid():N}@example.test",
                Role = role,
                Password = password,
                SendInvitation = false,
                Extension = extension,
            });
        });
    }

    public async Task<string> PlatformTokenAsync(Guid? accountId = null)
    {
        var id = accountId ?? await AdminIdAsync();
        return await WithScopeAsync(async sp =>
            (await sp.GetRequiredService<PlatformTokenService>().CreateAsync(Actor.Person(id, true, null), id, "test token")).Plain);
    }

    /// <summary>A second platform manager with a password.</summary>
    public async Task<Account> CreatePlatformManagerAsync(string password = "Manager-password-1")
    {
        var email = $"pm-{Guid.NewGuid():N}@example.test";
        return await WithScopeAsync(sp => sp.GetRequiredService<AccountService>().EnsurePlatformManagerAsync(email, "Second Manager", password));
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<OpbxApp>
{
    public const string Name = "app";
}
