using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx;
using Opbx.Api;
using Opbx.Asterisk;
using Opbx.Asterisk.Deploys;
using Opbx.Cli;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Email;
using Opbx.Jobs;
using Opbx.Web;
using Prometheus;
using Quartz;

var command = CommandLine.Parse(args);
SqliteEngine.Configure();
if (command?.Answer(Console.Out, Console.Error) is { } answered) return answered;
var builder = WebApplication.CreateBuilder(command is null ? args : []);
var options = builder.Configuration.GetSection("Opbx").Get<OpbxOptions>() ?? new OpbxOptions();
builder.Services.Configure<OpbxOptions>(builder.Configuration.GetSection("Opbx"));
if (DataFolderCheck.Problem(options.DataPath()) is { } dataFolderProblem)
{
    Console.Error.WriteLine(dataFolderProblem);
    return 2;
}
DataFolder.Prepare(options.DataPath());

builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
if (command is not null)
{
    // A command's output is for the operator (and scripts that read it): EF Core's SQL and migration lines stay out of it
    // whatever the settings say; its warnings and errors still show.
    builder.Services.PostConfigure<LoggerFilterOptions>(o =>
    {
        foreach (var rule in o.Rules.Where(r => r.CategoryName?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true).ToList())
        {
            o.Rules.Remove(rule);
        }
        o.Rules.Add(new LoggerFilterRule(null, "Microsoft.EntityFrameworkCore", LogLevel.Warning, null));
    });
}
builder.Services.AddSingleton(command?.Clock ?? TimeProvider.System);

// Data: one SQLite file in the data folder (WAL), tenant filter, audit and deploys-on-save in the context.
var connectionString = DatabaseFault.WithBusyTimeout(builder.Configuration.GetConnectionString("Opbx") ?? $"Data Source={options.DataPath("opbx.db")}");
builder.Services.AddScoped<TenantContext>();
builder.Services.AddScoped<AuditActor>();
builder.Services.AddScoped<ChangedSecurityStamps>();
builder.Services.AddSingleton<AuditInterceptor>();
builder.Services.AddSingleton<DeployInterceptor>();
builder.Services.AddSingleton<AccessWrites>();
// Contexts are pooled: options, model lookup and the context's own services are built once, not for every request (they
// were a tenth of a page's CPU). Each scope rents one and gives it the scope's tenant and audit actor; the interceptors
// read those from the context. A list of ids goes to SQLite as one JSON parameter (json_each): with EF's default of one
// parameter per id, SQLite's planner preferred walking a large organization's members over looking up the 25 ids by key
// (OpbxDb.Configure, which also keeps each pooled context's connection open with its prepared statements).
builder.Services.AddPooledDbContextFactory<OpbxDb>((sp, o) => OpbxDb.Configure(o, connectionString)
    .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<DeployInterceptor>(), sp.GetRequiredService<AccessWrites>()));
builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<OpbxDb>>().CreateDbContext()
    .Use(sp.GetRequiredService<TenantContext>(), sp.GetRequiredService<AuditActor>()));
builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(options.DataPath("keys"))).SetApplicationName("Opbx");

// Identity: accounts, lockout, 2FA, password reset; checked against the database on every request.
builder.Services.AddDefaultIdentity<Account>(o =>
    {
        o.SignIn.RequireConfirmedAccount = false;
        o.User.RequireUniqueEmail = true;
        // The user name is the e-mail address: Identity allows exactly what Opbx's own check does (never a second, other refusal).
        o.User.AllowedUserNameCharacters = EmailAddress.Characters;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        // Length and the common-password list instead of composition rules (NIST SP 800-63B).
        o.Password.RequiredLength = PasswordPolicy.MinLength;
        o.Password.RequiredUniqueChars = 1;
        o.Password.RequireDigit = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Tokens.PasswordResetTokenProvider = PasswordResetLinks.Provider;
    })
    .AddUserManager<OpbxUserManager>()
    .AddSignInManager<OpbxSignInManager>()
    .AddEntityFrameworkStores<OpbxDb>()
    .AddUserStore<OpbxUserStore>()
    .AddPasswordValidator<CommonPasswordValidator>()
    .AddPasswordValidator<PasswordPolicy>()
    .AddErrorDescriber<AccountErrorMessages>()
    .AddTokenProvider<LinkTokenProvider<PasswordResetLinks>>(PasswordResetLinks.Provider)
    .AddTokenProvider<LinkTokenProvider<InvitationLinks>>(InvitationLinks.Provider);
// Identity's default provider now only confirms e-mail changes.
builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(1));
builder.Services.ConfigureApplicationCookie(o =>
{
    o.LoginPath = "/Identity/Account/Login";
    o.AccessDeniedPath = "/Identity/Account/AccessDenied";
    o.Cookie.Name = "opbx";
    o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
    o.Events.OnRedirectToLogin = SessionCheck.RedirectToLoginAsync;
});
builder.Services.AddAuthentication()
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, PlatformTokenAuthenticationHandler>(PlatformTokenAuthenticationHandler.SchemeName, null)
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization(o =>
{
    o.AddPolicy(PlatformManagerRequirement.Policy, p => p.RequireAuthenticatedUser().AddRequirements(new PlatformManagerRequirement()));
    o.AddPolicy(PlatformApi.Policy, p => p.AddAuthenticationSchemes(PlatformTokenAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser().AddRequirements(new PlatformManagerRequirement()));
    o.AddPolicy(OrganizationApi.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
    o.AddPolicy(OrganizationApi.AnyPolicy, p => p.AddAuthenticationSchemes(PlatformTokenAuthenticationHandler.SchemeName, ApiKeyAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser());
    o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
});

// Domain services: the one door for both the UI and the API.
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddSingleton<SessionCache>();
builder.Services.AddSingleton<UseNotes>();
builder.Services.AddScoped<OrgContext>();
builder.Services.AddScoped<OrganizationService>();
builder.Services.AddSingleton<OrganizationFiles>();
builder.Services.AddScoped<AccountService>();
builder.Services.AddScoped<MemberService>();
builder.Services.AddScoped<MemberCsv>();
builder.Services.AddScoped<ScheduledDeletions>();
builder.Services.AddScoped<PlatformTokenService>();
builder.Services.AddScoped<ApiKeyService>();
builder.Services.AddScoped<Invitations>();
builder.Services.AddScoped<AccountSessions>();
builder.Services.AddScoped<SecurityLog>();
builder.Services.AddScoped<PlatformDashboard>();
builder.Services.AddScoped<OrganizationDashboard>();
builder.Services.AddScoped<OrganizationProfile>();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddSingleton<SupportAccessSeen>();
builder.Services.AddSingleton<SipCredentials>();
builder.Services.AddScoped<NumberPlan>();
builder.Services.AddScoped<PbxDirectory>();
builder.Services.AddScoped<Destinations>();
builder.Services.AddScoped<ExtensionService>();
builder.Services.AddScoped<RingGroupService>();
builder.Services.AddScoped<QueueService>();
builder.Services.AddScoped<Opbx.Domain.Calls.RecordingService>();
builder.Services.AddScoped<TrunkService>();
builder.Services.AddScoped<DidService>();
builder.Services.AddScoped<NumberInventory>();
builder.Services.AddScoped<OutboundRouteService>();
builder.Services.AddScoped<EmergencyNumberService>();
builder.Services.AddScoped<Opbx.Domain.Calls.CdrIngestion>();
builder.Services.AddScoped<Opbx.Domain.Calls.CallRecordLog>();
builder.Services.AddHostedService<Opbx.Jobs.CdrIngestService>();
// Webhooks: endpoints and their log (scoped service), the sender and the background dispatcher (README, Webhooks).
builder.Services.AddScoped<Opbx.Domain.Webhooks.WebhookService>();
builder.Services.AddSingleton<Opbx.Domain.Webhooks.WebhookSecrets>();
builder.Services.AddSingleton<Opbx.Domain.Webhooks.WebhookSignal>();
builder.Services.AddSingleton<Opbx.Domain.Webhooks.WebhookSender>();
builder.Services.AddSingleton<Opbx.Domain.Webhooks.WebhookOutbox>();
if (command is null) builder.Services.AddHostedService<Opbx.Jobs.WebhookDispatcher>();
builder.Services.AddScoped<Opbx.Pages.Org.PbxChoices>();
builder.Services.AddScoped<PbxSnapshots>();
builder.Services.AddScoped<Opbx.Domain.Calls.RetentionService>();
builder.Services.AddScoped<Opbx.Domain.Calls.RetentionSweeps>();
builder.Services.AddScoped<RetentionRunNow>();
builder.Services.AddScoped<Opbx.Domain.Usage.UsageService>();
builder.Services.AddScoped<Opbx.Domain.Usage.UsageReport>();
builder.Services.AddSingleton<ConfigRenderer>();
builder.Services.AddSingleton<SetupToken>();
builder.Services.AddSingleton<PublicAddress>();

// Asterisk: the generated configuration folder, one AMI session (nothing is sent while no AMI host is configured), deploys.
builder.Services.AddAsterisk();

// E-mail and background jobs: Quartz with its own SQLite file, so its frequent writes do not contend with the app's.
builder.Services.AddSingleton<Mailer>();
builder.Services.AddSingleton<EmailDelivery>();
builder.Services.AddTransient<IEmailSender, IdentityEmailSender>();
builder.Services.AddQuartz(q =>
{
    q.UsePersistentStore(s =>
    {
        s.UseSqlite($"Data Source={options.DataPath("jobs.db")}");
        s.UseSystemTextJsonSerializer();
        s.ProvisionSchema();
        s.UseExecutionHistory();
    });
    q.ScheduleJob<NightlyMaintenanceJob>(
        t => t.WithIdentity("nightly-maintenance").WithCronSchedule(options.Jobs.NightlyCron),
        j => j.WithIdentity(NightlyMaintenanceJob.Key).WithDescription("Scheduled member deletions"));
    q.ScheduleJob<RetentionJob>(
        t => t.WithIdentity("retention").WithCronSchedule(options.Jobs.RetentionCron),
        j => j.WithIdentity(RetentionJob.Key).WithDescription("Call record and recording retention"));
    q.ScheduleJob<UsageJob>(
        t => t.WithIdentity("usage").WithCronSchedule(options.Jobs.UsageCron),
        j => j.WithIdentity(UsageJob.Key).WithDescription("Monthly usage, alerts and hard limits"));
});
if (command is null) builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

// Web: Razor Pages, antiforgery (htmx sends the token as a header), ProblemDetails, API docs.
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Platform", PlatformManagerRequirement.Policy);
    o.Conventions.AllowAnonymousToPage("/Setup");
    o.Conventions.AllowAnonymousToPage("/Invite");
    o.Conventions.AllowAnonymousToPage("/Status");
    IdentityPages.Restrict(o.Conventions);
    RateLimits.Apply(o.Conventions);
}).AddMvcOptions(o =>
{
    o.Filters.Add<OrganizationScopeFilter>();
    o.Filters.Add<DomainErrorsPageFilter>();
    // Input that could not be read never reaches a handler or a 500 (SPEC: never a 500 for bad input).
    o.Filters.Add<UnknownHandlerPageFilter>();
    o.Filters.Add<BindingErrorsPageFilter>();
    o.Filters.Add<LocalReturnUrlPageFilter>();
    o.Filters.Add<TwoFactorStepPageFilter>();
    o.Filters.Add<OwnSessionRefreshFilter>();
    o.Filters.Add<IdentityPagesInputFilter>();
    o.ModelBinderProviders.Insert(0, new BooleanModelBinderProvider());
    // Required-ness comes from the domain's own validation, with its own messages.
    o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
});
builder.Services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
builder.Services.AddOpbxRateLimits();
// Behind a TLS proxy: forwarded headers from the configured proxies only; security headers and Secure cookies on every response.
builder.Services.AddTrustedProxies(options.Network);
builder.Services.AddSecurityHeaders();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Complete);
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    // The web defaults read "4" as 4 but never "true" as true: numbers take numbers only, like every other type.
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
});
builder.Services.AddApiDocs();
builder.Services.AddSingleton<DataDisk>();
builder.Services.AddSingleton<DatabaseHealthCheck>();
builder.Services.AddSingleton<Opbx.Web.Metrics.OpbxMetrics>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();

await FirstRunSetup.PrepareDatabaseAsync(app.Services);
if (command is not null) return await command.RunAsync(app.Services);
if (await FirstRunSetup.BootstrapAsync(app.Services) is { } setupToken)
    app.Lifetime.ApplicationStarted.Register(() => FirstRunSetup.PrintSetupLink(app.Services, setupToken));
await app.Services.GetRequiredService<DeployQueue>().StartupAsync();
using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<OpbxDb>();
    using var _ = db.Tenant.AcrossOrganizations();
    await scope.ServiceProvider.GetRequiredService<Opbx.Asterisk.Redeploy.RedeployAll>().StartupAsync();
    await scope.ServiceProvider.GetRequiredService<Opbx.Domain.Calls.RetentionSweeps>().StartupAsync();
}

app.UseForwardedHeaders();
// /metrics for the operator's scraper only (loopback, listed networks or a bearer token; see README, Operations).
app.UseWhen(c => c.Request.Path.StartsWithSegments("/metrics"), b => b.UseMiddleware<Opbx.Web.Metrics.MetricsGate>());
app.UseSecurityHeaders();
app.UseClientAddress();
// The API answers errors as ProblemDetails; people get a page in the product's layout with the request id.
app.UseErrorResponses();
app.UseStaticFiles();
// The API documentation is public, like the API description it serves.
app.UseSwagger(c => c.RouteTemplate = "api-docs/{documentName}/openapi.json");
app.UseSwaggerUI(c =>
{
    c.RoutePrefix = "api-docs";
    c.SwaggerEndpoint("/api-docs/v1/openapi.json", "Opbx API v1");
    c.DocumentTitle = "Opbx API";
});
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseMiddleware<AccountObligationsMiddleware>();
app.UseAuthorization();
app.UseMiddleware<ApiQueryCheck>();
app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
app.MapMetrics("/metrics", app.Services.GetRequiredService<Opbx.Web.Metrics.OpbxMetrics>().Registry).AllowAnonymous();
app.MapRazorPages();
app.MapPlatformApi();
app.MapOrganizationApi();
app.MapPlatformPbxApi();
app.MapApiFallback();
app.MapIdentityFallback();

app.Run();
return 0;

public partial class Program;
