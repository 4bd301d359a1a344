using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Opbx.Domain;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;
using Opbx.Tests.Pbx;

namespace Opbx.Tests.Browser;

/// <summary>
/// Every page, as every role, on a phone (390 px) and a desktop (1366 px): the page either opens or is refused as it
/// should, it never scrolls sideways, the console stays free of errors, and axe-core finds nothing serious or
/// critical. The list of pages is checked against the application's route table, so a new page cannot be forgotten.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EveryPageBrowserTests(OpbxApp app) : BrowserTest
{
    public enum Role { PlatformManager, Owner, PbxAdmin, PbxUser, Reporter }

    [Flags]
    public enum Who
    {
        PlatformManager = 1,
        Owner = 2,
        PbxAdmin = 4,
        PbxUser = 8,
        Reporter = 16,
        Admins = PlatformManager | Owner | PbxAdmin,
        Members = Owner | PbxAdmin | PbxUser | Reporter,
        Everyone = PlatformManager | Members,
    }

    /// <summary>The organization and people every visit uses.</summary>
    public sealed record World(Guid Org, Guid PbxUserMembership, Guid OwnerAccount, IReadOnlyDictionary<Role, (string Email, string Password)> People,
        Telephony Pbx);

    /// <summary>One of each telephony resource in the world's organization, and a shared trunk and a number on the platform.</summary>
    public sealed record Telephony(Guid Extension, Guid RingGroup, Guid Queue, Guid Trunk, Guid Number, Guid Route, Guid Emergency, Guid SharedTrunk,
        Guid PlatformNumber, Guid Deploy);

    /// <summary>A page of the route table, how to reach it with the world's ids, who may open it, and the status it answers them.</summary>
    public sealed record PageVisit(string Route, Func<World, string> Path, Who Allowed, int Status = 200);

    /// <summary>Every page people open. A route missing from here and from <see cref="NotVisited"/> fails <see cref="EveryRouteIsVisitedOrExplained"/>.</summary>
    public static readonly IReadOnlyList<PageVisit> Pages =
    [
        new("", _ => "/", Who.Everyone),
        new("Platform", _ => "/Platform", Who.PlatformManager),
        new("Platform/Organizations", _ => "/Platform/Organizations", Who.PlatformManager),
        new("Platform/Organizations/New", _ => "/Platform/Organizations/New", Who.PlatformManager),
        new("Platform/Organizations/{id:guid}", w => $"/Platform/Organizations/{w.Org}", Who.PlatformManager),
        new("Platform/Organizations/{id:guid}/Delete", w => $"/Platform/Organizations/{w.Org}/Delete", Who.PlatformManager),
        new("Platform/Users", _ => "/Platform/Users", Who.PlatformManager),
        new("Platform/Users/New", _ => "/Platform/Users/New", Who.PlatformManager),
        new("Platform/Users/{id:guid}", w => $"/Platform/Users/{w.OwnerAccount}", Who.PlatformManager),
        new("Platform/Audit", _ => "/Platform/Audit", Who.PlatformManager),
        new("Platform/Asterisk", _ => "/Platform/Asterisk", Who.PlatformManager),
        new("Platform/Asterisk", _ => "/Platform/Asterisk?failed=true&results=2", Who.PlatformManager),
        new("Platform/Jobs", _ => "/Platform/Jobs", Who.PlatformManager),
        new("Platform/Tokens", _ => "/Platform/Tokens", Who.PlatformManager),
        new("Platform/Numbers", _ => "/Platform/Numbers", Who.PlatformManager),
        new("Platform/Numbers/{id:guid}", w => $"/Platform/Numbers/{w.Pbx.PlatformNumber}", Who.PlatformManager),
        new("Platform/Trunks", _ => "/Platform/Trunks", Who.PlatformManager),
        new("Platform/Trunks/New", _ => "/Platform/Trunks/New", Who.PlatformManager),
        new("Platform/Trunks/{id:guid}", w => $"/Platform/Trunks/{w.Pbx.SharedTrunk}", Who.PlatformManager),
        new("Org", _ => "/Org", Who.Everyone),
        new("Org/{org:guid}", w => $"/Org/{w.Org}", Who.Everyone),
        new("Org/{org:guid}/Users", w => $"/Org/{w.Org}/Users", Who.Admins),
        new("Org/{org:guid}/Users/New", w => $"/Org/{w.Org}/Users/New", Who.Admins),
        new("Org/{org:guid}/Users/{id:guid}", w => $"/Org/{w.Org}/Users/{w.PbxUserMembership}", Who.Admins),
        new("Org/{org:guid}/Users/Import", w => $"/Org/{w.Org}/Users/Import", Who.Admins),
        new("Org/{org:guid}/Settings", w => $"/Org/{w.Org}/Settings", Who.PlatformManager | Who.Owner),
        new("Org/{org:guid}/Settings/Webhooks/{endpoint:guid?}", w => $"/Org/{w.Org}/Settings/Webhooks", Who.PlatformManager | Who.Owner),
        new("Org/{org:guid}/Settings/Audit", w => $"/Org/{w.Org}/Settings/Audit", Who.Admins),
        new("Org/{org:guid}/Profile", w => $"/Org/{w.Org}/Profile", Who.Everyone),
        new("Org/{org:guid}/Calls", w => $"/Org/{w.Org}/Calls", Who.Everyone),
        new("Org/{org:guid}/Deploys", w => $"/Org/{w.Org}/Deploys", Who.Admins),
        new("Org/{org:guid}/Deploys/{id:guid}", w => $"/Org/{w.Org}/Deploys/{w.Pbx.Deploy}", Who.Admins),
        new("Org/{org:guid}/Deploys/Review", w => $"/Org/{w.Org}/Deploys/Review", Who.Admins),
        new("Platform/Deploys", _ => "/Platform/Deploys", Who.PlatformManager),
        new("Platform/Deploys/{id:guid}", w => $"/Platform/Deploys/{w.Pbx.Deploy}", Who.PlatformManager),
        new("Org/{org:guid}/Extensions", w => $"/Org/{w.Org}/Extensions", Who.Admins),
        new("Org/{org:guid}/Extensions/New", w => $"/Org/{w.Org}/Extensions/New", Who.Admins),
        new("Org/{org:guid}/Extensions/{id:guid}", w => $"/Org/{w.Org}/Extensions/{w.Pbx.Extension}", Who.Admins),
        new("Org/{org:guid}/RingGroups", w => $"/Org/{w.Org}/RingGroups", Who.Admins),
        new("Org/{org:guid}/RingGroups/New", w => $"/Org/{w.Org}/RingGroups/New", Who.Admins),
        new("Org/{org:guid}/RingGroups/{id:guid}", w => $"/Org/{w.Org}/RingGroups/{w.Pbx.RingGroup}", Who.Admins),
        new("Org/{org:guid}/Queues", w => $"/Org/{w.Org}/Queues", Who.Admins),
        new("Org/{org:guid}/Queues/New", w => $"/Org/{w.Org}/Queues/New", Who.Admins),
        new("Org/{org:guid}/Queues/{id:guid}", w => $"/Org/{w.Org}/Queues/{w.Pbx.Queue}", Who.Admins),
        new("Org/{org:guid}/Trunks", w => $"/Org/{w.Org}/Trunks", Who.Admins),
        new("Org/{org:guid}/Trunks/New", w => $"/Org/{w.Org}/Trunks/New", Who.Admins),
        new("Org/{org:guid}/Trunks/{id:guid}", w => $"/Org/{w.Org}/Trunks/{w.Pbx.Trunk}", Who.Admins),
        new("Org/{org:guid}/Numbers", w => $"/Org/{w.Org}/Numbers", Who.Admins),
        new("Org/{org:guid}/Numbers/New", w => $"/Org/{w.Org}/Numbers/New", Who.Admins),
        new("Org/{org:guid}/Numbers/{id:guid}", w => $"/Org/{w.Org}/Numbers/{w.Pbx.Number}", Who.Admins),
        new("Org/{org:guid}/Routes", w => $"/Org/{w.Org}/Routes", Who.Admins),
        new("Org/{org:guid}/Routes/New", w => $"/Org/{w.Org}/Routes/New", Who.Admins),
        new("Org/{org:guid}/Routes/{id:guid}", w => $"/Org/{w.Org}/Routes/{w.Pbx.Route}", Who.Admins),
        new("Org/{org:guid}/Emergency", w => $"/Org/{w.Org}/Emergency", Who.Admins),
        new("Org/{org:guid}/Recordings", w => $"/Org/{w.Org}/Recordings", Who.Everyone),
        new("Org/{org:guid}/Usage", w => $"/Org/{w.Org}/Usage", Who.Admins | Who.Reporter),
        new("Org/{org:guid}/Emergency/New", w => $"/Org/{w.Org}/Emergency/New", Who.Admins),
        new("Org/{org:guid}/Emergency/{id:guid}", w => $"/Org/{w.Org}/Emergency/{w.Pbx.Emergency}", Who.Admins),
        new("Status/{code:int}", _ => "/Status/404", Who.Everyone, Status: 404),
        new("invite", _ => "/invite", Who.Everyone),
        new("setup", _ => "/setup", Who.Everyone),
        // Identity's sign-in pages render in Opbx's layout (their content belongs to the security work).
        new("Identity/Account/Login", _ => "/Identity/Account/Login", Who.Everyone),
        new("Identity/Account/ForgotPassword", _ => "/Identity/Account/ForgotPassword", Who.Everyone),
        new("Identity/Account/ForgotPasswordConfirmation", _ => "/Identity/Account/ForgotPasswordConfirmation", Who.Everyone),
        new("Identity/Account/ResetPasswordConfirmation", _ => "/Identity/Account/ResetPasswordConfirmation", Who.Everyone),
        new("Identity/Account/Lockout", _ => "/Identity/Account/Lockout", Who.Everyone),
        // Everyone's account pages, in the product's layout and words (AccountBrowserTests goes through them with two-factor on).
        new("Identity/Account/Manage", _ => "/Identity/Account/Manage", Who.Everyone),
        new("Identity/Account/Manage/ChangePassword", _ => "/Identity/Account/Manage/ChangePassword", Who.Everyone),
        new("Identity/Account/Manage/TwoFactorAuthentication", _ => "/Identity/Account/Manage/TwoFactorAuthentication", Who.Everyone),
        new("Identity/Account/Manage/EnableAuthenticator", _ => "/Identity/Account/Manage/EnableAuthenticator", Who.Everyone),
        new("Identity/Account/Manage/ResetAuthenticator", _ => "/Identity/Account/Manage/ResetAuthenticator", Who.Everyone),
        new("Identity/Account/Manage/Sessions", _ => "/Identity/Account/Manage/Sessions", Who.Everyone),
        // The page a refused person lands on answers 403 to everyone who opens it.
        new(AccessDenied, _ => "/" + AccessDenied, Who.Everyone, Status: 403),
    ];

    private const string AccessDenied = "Identity/Account/AccessDenied";

    /// <summary>Routes of the route table this sweep does not open, each with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotVisited = new Dictionary<string, string>
    {
        ["Identity/Account/Manage/Disable2fa"] = TwoFactorOn,
        ["Identity/Account/Manage/GenerateRecoveryCodes"] = TwoFactorOn,
        ["Identity/Account/Manage/ShowRecoveryCodes"] = "Shows recovery codes only right after they are made; " +
            "AccountBrowserTests reaches it by turning two-factor authentication on and by making new codes.",
        ["Identity/Account/LoginWith2fa"] = "Opens only halfway through a sign-in with two-factor authentication (TwoFactorTests).",
        ["Identity/Account/LoginWithRecoveryCode"] = "Opens only halfway through a sign-in with two-factor authentication.",
        ["Identity/Account/ResetPassword"] = "Opens only from a reset link with a code.",
        ["Org/{org:guid}/Recordings/{id:long}"] = "A recording's audio (a WAV file, not a page); RecordingPageTests plays, downloads and refuses it.",
        ["Org/{org:guid}/Pick"] = "The pickers' suggestions (option elements for a datalist, no page); PickerTests asks it, " +
            "TelephonyBrowserTests types into the pickers that use it.",
        ["Identity/Account/Logout"] = "Signing out is a POST; every page's Sign out button is checked instead.",
    };

    private const string TwoFactorOn =
        "Opens only with two-factor authentication on (otherwise it leads to the two-factor page, visited here); " +
        "AccountBrowserTests turns it on in the browser and checks this page at both widths.";

    [Fact]
    public void EveryRouteIsVisitedOrExplained()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.OfType<PageActionDescriptor>().Any())
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            // An Index page answers at its folder too ("Platform" and "Platform/Index"): one visit covers both.
            .Select(r => r == "Index" ? "" : r.EndsWith("/Index", StringComparison.Ordinal) ? r[..^"/Index".Length] : r)
            .ToHashSet();
        var listed = Pages.Select(p => p.Route).Concat(NotVisited.Keys).ToHashSet();
        var forgotten = routes.Except(listed).Order().ToList();
        Assert.True(forgotten.Count == 0, "Pages neither visited nor explained: " + string.Join(", ", forgotten));
        var gone = listed.Except(routes).Order().ToList();
        Assert.True(gone.Count == 0, "Listed pages the application no longer has: " + string.Join(", ", gone));
    }

    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    /// <summary>OPBX_SWEEP_SCREENSHOTS=1 saves every opened page at both widths to TestResults/screenshots (for looking at them).</summary>
    private static bool Screenshots => Environment.GetEnvironmentVariable("OPBX_SWEEP_SCREENSHOTS") == "1";

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryPageHoldsForEveryRoleOnAPhoneAndADesktop(Role role)
    {
        var world = await WorldAsync();
        var checks = await PageChecks.OpenAsync(app, PageChecks.Phone);
        var (email, password) = world.People[role];
        await Chromium.SignInAsync(checks.Page, email, password);
        var problems = new List<string>();
        var refusedChecked = new HashSet<int>();
        foreach (var visit in Pages)
        {
            var path = visit.Path(world);
            var allowed = visit.Allowed.HasFlag(Enum.Parse<Who>(role.ToString()));
            foreach (var width in new[] { PageChecks.Phone, PageChecks.Desktop })
            {
                await checks.ResizeAsync(width);
                var response = await checks.Page.GotoAsync(path);
                var status = response?.Status ?? 0;
                var where = $"{role} {path} @{width}";
                var deniedPage = visit.Route != AccessDenied && new Uri(checks.Page.Url).AbsolutePath.StartsWith("/" + AccessDenied, StringComparison.Ordinal);
                if (allowed && (status != visit.Status || deniedPage)) problems.Add($"{where}: answered {status} ({checks.Page.Url}) but {role} may open it");
                if (!allowed && !(status is 403 or 404 || deniedPage)) problems.Add($"{where}: opened ({status}) but {role} may not");
                // A refusal is the same status page wherever it comes from: check it fully once per width.
                var fully = allowed || refusedChecked.Add(width);
                var errorStatus = status >= 400;
                if (Screenshots && allowed)
                    await Chromium.ScreenshotAsync(checks.Page, $"every-{role}-{(visit.Route.Length == 0 ? "home" : visit.Route.Replace('/', '_').Replace("{", "").Replace("}", "").Replace(':', '-'))}-{width}".ToLowerInvariant());
                problems.AddRange(await checks.ProblemsAsync(where, axe: fully,
                    expectedConsoleError: e => errorStatus && e.Contains($"the server responded with a status of {status}", StringComparison.Ordinal)));
            }
        }
        await checks.Page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Realistic telephony: long names, a group and queue with members, a route with two patterns, a number ringing the queue.</summary>
    private async Task<Telephony> TelephonyAsync(Guid org, Guid adminMembership, string stamp)
    {
        var platform = await app.AdminActorAsync();
        var owner = Actor.Person(Guid.Empty, true, null);
        async Task<T> In<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
            await app.InOrganizationAsync(org, sp => work(sp.GetRequiredService<TService>()));
        var reception = await In<ExtensionService, SipAccount>(s => s.CreateAsync(owner, new ExtensionInput { Number = "100", Name = "Reception and front desk of the Whitfield & Moreno offices" }));
        var existing = (await In<ExtensionService, IReadOnlyList<ExtensionRow>>(s => s.ListAsync())).Where(x => x.MembershipId == adminMembership).Select(x => x.Id).ToList();
        var group = await In<RingGroupService, RingGroup>(s => s.CreateAsync(owner, new RingGroupInput
            { Number = "600", Name = "Litigation and dispute resolution team", Strategy = "sequential", MemberIds = [reception.ExtensionId, .. existing] }));
        var queue = await In<QueueService, Queue>(s => s.CreateAsync(owner, new QueueInput
            { Number = "700", Name = "Client intake", Strategy = "rrmemory", MemberIds = [reception.ExtensionId], Fallback = new DestinationInput("ring_group", group.Id) }));
        var trunk = await In<TrunkService, Trunk>(s => s.CreateAsync(owner, new TrunkInput
            { Name = "Carrier of the Whitfield & Moreno head office", Host = "sip.carrier-with-a-long-host-name.example", Username = "whitfield-moreno-account", Password = "Trunk-pass-123", Register = true, InboundMatch = ["203.0.113.0/28", "198.51.100.7"] }));
        var did = await In<DidService, Did>(s => s.CreateAsync(owner, new DidInput { Number = PbxTestKit.NewNumber(), TrunkId = trunk.Id, Destination = new DestinationInput("queue", queue.Id) }));
        var route = await In<OutboundRouteService, OutboundRoute>(s => s.CreateAsync(owner, new OutboundRouteInput
            { Name = "National and international calls", Patterns = [new DialPatternInput("_0NXXXXXXXX", 1, "+49"), new DialPatternInput("_00X.", 2, "+")], TrunkIds = [trunk.Id], CallerIdDidId = did.Id }));
        var emergency = await In<EmergencyNumberService, EmergencyNumber>(s => s.CreateAsync(owner, new EmergencyNumberInput { Number = "112", CallerIdDidId = did.Id, TrunkIds = [trunk.Id] }));
        var (shared, provided) = await app.WithScopeAsync(async sp =>
        {
            var t = await sp.GetRequiredService<TrunkService>().CreateSharedAsync(platform, new TrunkInput { Name = $"Provider carrier {stamp}", Host = "203.0.113.50" });
            return (t, await sp.GetRequiredService<NumberInventory>().AddAsync(platform, PbxTestKit.NewNumber(), t.Id));
        });
        // The saves' deploy, with its file set and diff for the deploy pages.
        // (Saves join a deploy queued before them, so every deploy is looked at, not only those queued from here on.)
        var deploy = (await app.SettledDeploysAsync(DateTimeOffset.MinValue)).Last(d => d.OrganizationId == org && d.Status == DeployStatus.Succeeded);
        return new Telephony(reception.ExtensionId, group.Id, queue.Id, trunk.Id, did.Id, route.Id, emergency.Id, shared.Id, provided.Id, deploy.Id);
    }

    /// <summary>Call records through the real ingestion: an internal call with two legs, an outside caller, a failed call out.</summary>
    private async Task CallsAsync(string key, Guid org)
    {
        var folder = Directory.CreateTempSubdirectory("opbx-sweep-cdr-");
        var file = Path.Combine(folder.FullName, "opbx-cdr.csv");
        var sip = await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Data.OpbxDb>().Extensions.IgnoreQueryFilters()
            .Where(e => e.OrganizationId == org && e.Number == "201").Select(e => e.SipUsername).SingleAsync());
        var id = Guid.NewGuid().ToString("N")[..10];
        File.WriteAllLines(file,
        [
            Opbx.Tests.Calls.CdrText.Line(key, $"{id}.1", sequence: 1, src: "201", dst: "600", channel: $"PJSIP/{sip}-1", dstChannel: "PJSIP/x-2", billsec: 754),
            Opbx.Tests.Calls.CdrText.Line(key, $"{id}.1", sequence: 2, src: "201", dst: "600", channel: $"PJSIP/{sip}-1", dstChannel: "PJSIP/y-3", disposition: "NO ANSWER"),
            Opbx.Tests.Calls.CdrText.Line(key, $"{id}.2", src: "+4930123456789", dst: "201", channel: "PJSIP/opbx-trunk-aa-4", dstChannel: $"PJSIP/{sip}-5", disposition: "BUSY"),
            Opbx.Tests.Calls.CdrText.Line(key, $"{id}.3", src: "201", dst: "00442071234567", channel: $"PJSIP/{sip}-6", dstChannel: "", disposition: "FAILED"),
        ]);
        await app.WithScopeAsync(sp => sp.GetRequiredService<Opbx.Domain.Calls.CdrIngestion>().IngestAsync(file, DateTimeOffset.UtcNow));
        folder.Delete(recursive: true);
    }

    private static World? _world;
    private static readonly SemaphoreSlim WorldGate = new(1, 1);

    /// <summary>One realistic organization for all roles: long names and addresses, an invitation pending, an owner in three organizations.</summary>
    private async Task<World> WorldAsync()
    {
        await WorldGate.WaitAsync();
        try
        {
            if (_world is not null) return _world;
            var stamp = Guid.NewGuid().ToString("N")[..6];
            var org = await app.CreateOrganizationAsync($"Whitfield & Moreno LLP {stamp}",
                ownerEmail: $"olive.ottoline-featherstonehaugh-{stamp}@whitfield-moreno-legal.example");
            var orgId = org.Organization.Id;
            // The owner also belongs to two more organizations, so the switcher has something to switch.
            foreach (var other in new[] { "Harbourside Veterinary Hospital", "Seaview Grand Hotel & Conference Centre" })
            {
                var more = await app.CreateOrganizationAsync($"{other} {stamp}");
                await app.AddMemberAsync(more.Organization.Id, "pbx_admin", email: org.Owner.Email);
            }
            var admin = await app.AddMemberAsync(orgId, "pbx_admin", email: $"alexandra.administrator-{stamp}@whitfield-moreno-legal.example", extension: "200", name: "Alexandra Administrator");
            var user = await app.AddMemberAsync(orgId, "pbx_user", email: $"bartholomew.phoneuser-{stamp}@whitfield-moreno-legal.example", extension: "201", name: "Bartholomew Featherstonehaugh-Whittington");
            var reporter = await app.AddMemberAsync(orgId, "reporter", email: $"rita.reports-{stamp}@whitfield-moreno-legal.example", name: "Rita Reports");
            await app.AddMemberAsync(orgId, "pbx_user", email: $"no-extension-{stamp}@whitfield-moreno-legal.example", name: "Nadia Noextension");
            await app.InOrganizationAsync(orgId, sp => sp.GetRequiredService<Opbx.Domain.People.MemberService>().AddAsync(
                Opbx.Domain.Rules.Actor.Person(Guid.Empty, true, null),
                new Opbx.Domain.People.NewMember { Name = "Ivy Invited", Email = $"ivy.invited-{stamp}@whitfield-moreno-legal.example", Role = "pbx_user", SendInvitation = true }));
            // A platform token, so the tokens page shows its list.
            await app.PlatformTokenAsync();
            var pbx = await TelephonyAsync(orgId, admin.Id, stamp);
            await CallsAsync(org.Organization.Slug, orgId);
            _world = new World(orgId, user.Id, org.Owner.Id, new Dictionary<Role, (string, string)>
            {
                [Role.PlatformManager] = (OpbxApp.AdminEmail, OpbxApp.AdminPassword),
                [Role.Owner] = (org.Owner.Email!, "Owner-password-1"),
                [Role.PbxAdmin] = (admin.Account!.Email!, "Member-password-1"),
                [Role.PbxUser] = (user.Account!.Email!, "Member-password-1"),
                [Role.Reporter] = (reporter.Account!.Email!, "Member-password-1"),
            }, pbx);
            return _world;
        }
        finally
        {
            WorldGate.Release();
        }
    }
}
