using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Asterisk.Deploys;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.People;
using Opbx.Domain.Rules;

namespace Opbx.Cli;

/// <summary>
/// <c>seed-demo</c>: fills an empty database with the organizations of <see cref="DemoPlan"/>, every change made through the
/// same domain services as the pages and the API (rules, transactions, audit, deploys), each step as the person who would
/// have made it, with the clock set back so the history spreads over the past six weeks. Every person who signs in gets one
/// password, printed at the end. Deploys run at once (without Asterisk they write the configuration files only).
/// </summary>
public sealed class DemoSeed(IServiceProvider services, DemoClock clock, TextWriter output)
{
    public const int Refused = 3;

    private sealed record Someone(Guid AccountId, Guid MembershipId, string Email);

    public async Task<int> RunAsync(string? password, CancellationToken ct = default)
    {
        var existing = await InScopeAsync("seed-demo", null, null, sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            return db.Organizations.CountAsync(ct);
        });
        if (existing > 0)
        {
            Console.Error.WriteLine($"The database already holds {existing} organization{(existing == 1 ? "" : "s")}: seed-demo fills an empty database only, and changed nothing.");
            Console.Error.WriteLine("Give it a fresh data folder, e.g. Opbx__DataDirectory=./demo-data dotnet Opbx.Web.dll seed-demo");
            return Refused;
        }
        password ??= NewPassword();

        clock.Ago(45);
        var manager = await InScopeAsync("seed-demo", null, null, async sp =>
            (await sp.GetRequiredService<AccountService>().PromoteToPlatformManagerAsync(DemoPlan.Manager.Email(DemoPlan.ProviderDomain), DemoPlan.Manager.Name, password, ct)).Account);
        var managerActor = Actor.Person(manager.Id, true, null);
        var managerName = manager.Email!;

        // The provider's carrier and its numbers, before any customer.
        clock.Ago(44.8);
        var sharedTrunk = await InScopeAsync(managerName, manager.Id, null, sp => sp.GetRequiredService<TrunkService>().CreateSharedAsync(managerActor,
            new TrunkInput { Name = "Provider carrier", Host = DemoPlan.SharedTrunkHost, Username = "provider", Password = NewSecret(), Register = true, MaxChannels = 60 }, ct));
        var inventory = new Dictionary<string, Guid>();
        foreach (var number in DemoPlan.Inventory)
        {
            var did = await InScopeAsync(managerName, manager.Id, null, sp => sp.GetRequiredService<NumberInventory>().AddAsync(managerActor, number, sharedTrunk.Id, ct));
            inventory[number] = did.Id;
        }
        await DeployAsync(null, ct);

        var signIns = new List<(string Where, string Role, string Email)> { ("the platform", "platform manager", manager.Email!) };
        foreach (var customer in DemoPlan.Customers)
        {
            signIns.AddRange(await BuildAsync(customer, managerActor, managerName, manager.Id, inventory, sharedTrunk.Id, password, ct));
        }
        await LaterAsync(managerActor, managerName, manager.Id, ct);
        clock.Now();

        await ReportAsync(signIns, password, ct);
        return 0;
    }

    /// <summary>One customer: created by the platform manager, set up by its owner and PBX admin over the following days.</summary>
    private async Task<IEnumerable<(string, string, string)>> BuildAsync(DemoPlan.Customer c, Actor managerActor, string managerName, Guid managerId,
        Dictionary<string, Guid> inventory, Guid sharedTrunkId, string password, CancellationToken ct)
    {
        var day = c.CreatedDaysAgo;
        clock.Ago(day);
        var settings = IndustryPresets.For(c.Industry);
        settings.Name = c.Name;
        settings.ContactEmail = "office@" + c.Domain;
        settings.ContactPhone = c.Phone;
        var firstOwner = c.Owners[0];
        var created = await InScopeAsync(managerName, managerId, null, sp => sp.GetRequiredService<OrganizationService>()
            .CreateAsync(managerActor, settings, firstOwner.Name, firstOwner.Email(c.Domain), ct));
        var orgId = created.Organization.Id;

        // The owner follows the invitation link a couple of hours later, the way the invitation page does it.
        clock.Ago(day, -2);
        await InScopeAsync(created.Owner.Email!, created.Owner.Id, orgId, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Account>>();
            var invitations = sp.GetRequiredService<Invitations>();
            var account = await users.FindByIdAsync(created.Owner.Id.ToString()) ?? throw new InvalidOperationException("The new owner vanished.");
            var token = await users.GenerateUserTokenAsync(account, InvitationLinks.Provider, InvitationLinks.Purpose);
            if (!await invitations.IsValidAsync(account, token)) throw new InvalidOperationException("The owner's invitation link was refused.");
            Check(await users.AddPasswordAsync(account, password));
            account.DefaultOrganizationId ??= orgId;
            Check(await users.UpdateAsync(account));
            return 0;
        });
        var ownerId = created.Owner.Id;
        var owner = Actor.Person(ownerId, false, OrgRole.Owner);
        var ownerName = created.Owner.Email!;
        var people = new Dictionary<DemoPlan.Person, Someone>();

        // Her first extension, then her partners and her PBX admin.
        clock.Ago(day, -2.5);
        var ownerMembership = await InScopeAsync(ownerName, ownerId, orgId, sp =>
            sp.GetRequiredService<OpbxDb>().Memberships.Where(m => m.AccountId == ownerId).Select(m => m.Id).FirstAsync(ct));
        await InScopeAsync(ownerName, ownerId, orgId, sp => sp.GetRequiredService<MemberService>()
            .UpdateAsync(owner, ownerMembership, new MemberUpdate { Extension = firstOwner.Extension }, ct));
        people[firstOwner] = new Someone(ownerId, ownerMembership, ownerName);
        foreach (var person in c.Owners.Skip(1).Append(c.Admin))
        {
            people[person] = await AddAsync(owner, ownerName, ownerId, orgId, person, c.Domain, password, ct);
        }

        // The next day the PBX admin adds the staff and builds the phone system.
        var admin = people[c.Admin];
        var adminActor = Actor.Person(admin.AccountId, false, OrgRole.PbxAdmin);
        var step = 0;
        foreach (var person in c.People.Where(p => p.InvitedDaysAgo is null))
        {
            clock.Ago(day - 1, -0.2 * step++);
            people[person] = await AddAsync(adminActor, admin.Email, admin.AccountId, orgId, person, c.Domain, password, ct);
        }
        clock.Ago(day - 1, -3);
        await InOrgAsync(admin, orgId, async sp =>
        {
            var extensions = sp.GetRequiredService<ExtensionService>();
            foreach (var (number, name) in c.SharedPhones)
                await extensions.CreateAsync(adminActor, new ExtensionInput { Number = number, Name = name, VoicemailEnabled = false }, ct);
        });
        Guid? ownTrunk = null;
        if (c.Trunk is { } trunk)
        {
            clock.Ago(day - 1, -3.5);
            ownTrunk = (await InOrgAsync(admin, orgId, sp => sp.GetRequiredService<TrunkService>().CreateAsync(adminActor, new TrunkInput
            {
                Name = trunk.Name, Host = trunk.Host, Username = c.Domain.Split('.')[0], Password = NewSecret(), Register = true,
                MaxChannels = settings.ConcurrentCalls,
            }, ct))).Id;
        }
        clock.Ago(day - 1, -4);
        var targets = await InOrgAsync(admin, orgId, async sp =>
        {
            var ids = (await sp.GetRequiredService<ExtensionService>().ListAsync(ct)).ToDictionary(e => e.Number, e => e.Id);
            var found = new Dictionary<string, DestinationInput>();
            foreach (var group in c.RingGroups)
            {
                var saved = await sp.GetRequiredService<RingGroupService>().CreateAsync(adminActor, new RingGroupInput
                {
                    Number = group.Number, Name = group.Name, Strategy = group.Strategy, RingSeconds = 20,
                    MemberIds = group.Members.Select(m => ids[m]).ToList(),
                    Fallback = group.VoicemailOf is { } box ? new DestinationInput("voicemail", ids[box]) : null,
                }, ct);
                found[group.Name] = new DestinationInput("ring_group", saved.Id);
            }
            foreach (var queue in c.Queues)
            {
                var saved = await sp.GetRequiredService<QueueService>().CreateAsync(adminActor, new QueueInput
                {
                    Number = queue.Number, Name = queue.Name, Strategy = queue.Strategy,
                    MemberIds = queue.Members.Select(m => ids[m]).ToList(),
                    Fallback = queue.VoicemailOf is { } box ? new DestinationInput("voicemail", ids[box]) : null,
                }, ct);
                found[queue.Name] = new DestinationInput("queue", saved.Id);
            }
            return found;
        });

        // Numbers: its own on its own trunk, or the provider's, which the platform manager assigns first.
        var numbers = new List<Guid>();
        clock.Ago(day - 1, -5);
        foreach (var number in c.OwnNumbers)
        {
            var did = await InOrgAsync(admin, orgId, sp => sp.GetRequiredService<DidService>().CreateAsync(adminActor,
                new DidInput { Number = number.E164, TrunkId = ownTrunk, Destination = targets[number.RingsAt] }, ct));
            numbers.Add(did.Id);
        }
        foreach (var number in c.ProviderNumbers)
        {
            var id = inventory[number.E164];
            await InScopeAsync(managerName, managerId, null, sp => sp.GetRequiredService<NumberInventory>().AssignAsync(managerActor, id, orgId, ct));
            await InOrgAsync(admin, orgId, sp => sp.GetRequiredService<DidService>().UpdateAsync(adminActor, id,
                new DidRouting { TrunkId = sharedTrunkId, Destination = targets[number.RingsAt] }, ct));
            numbers.Add(id);
        }
        clock.Ago(day - 1, -5.5);
        await InOrgAsync(admin, orgId, async sp =>
        {
            var trunks = (await sp.GetRequiredService<TrunkService>().ListAsync(ct)).Select(t => t.Id).ToList();
            var ordered = ownTrunk is { } own ? trunks.OrderBy(t => t != own).ToList() : trunks;
            foreach (var route in c.Routes)
            {
                await sp.GetRequiredService<OutboundRouteService>().CreateAsync(adminActor, new OutboundRouteInput
                {
                    Name = route.Name,
                    Patterns = route.Patterns.Select(p => new DialPatternInput(p.Pattern, p.Strip)).ToList(),
                    TrunkIds = ordered,
                    CallerIdDidId = numbers[0],
                }, ct);
            }
            await sp.GetRequiredService<EmergencyNumberService>().CreateAsync(adminActor,
                new EmergencyNumberInput { Number = "911", CallerIdDidId = numbers[0], TrunkIds = ordered }, ct);
        });
        await DeployAsync(orgId, ct);

        _built.Add(new Built(c, orgId, new Someone(ownerId, ownerMembership, ownerName), admin, people));
        return new[] { (c.Name, "owner", ownerName), (c.Name, "PBX admin", admin.Email) }
            .Concat(c.People.Where(p => p.Fate == DemoPlan.Fate.Active).GroupBy(p => p.Role)
                .Select(g => (c.Name, g.Key == "reporter" ? "reporter" : "PBX user", people[g.First()].Email)));
    }

    private sealed record Built(DemoPlan.Customer Customer, Guid OrgId, Someone Owner, Someone Admin, Dictionary<DemoPlan.Person, Someone> People)
    {
        public Actor OwnerActor => Actor.Person(Owner.AccountId, false, OrgRole.Owner);
        public Actor AdminActor => Actor.Person(Admin.AccountId, false, OrgRole.PbxAdmin);
    }

    private readonly List<Built> _built = [];

    /// <summary>What happened since, in the order it happened: people leave, queues grow, limits are raised, a key is issued, a role changes, new people are invited.</summary>
    private async Task LaterAsync(Actor managerActor, string managerName, Guid managerId, CancellationToken ct)
    {
        var day = 14.0;
        foreach (var b in _built)
        {
            foreach (var person in b.Customer.People.Where(p => p.Fate is DemoPlan.Fate.Deactivated or DemoPlan.Fate.Leaving))
            {
                clock.Ago(day -= 0.7);
                var who = b.People[person].MembershipId;
                await InOrgAsync(b.Owner, b.OrgId, async sp =>
                {
                    var members = sp.GetRequiredService<MemberService>();
                    if (person.Fate == DemoPlan.Fate.Deactivated) await members.UpdateAsync(b.OwnerActor, who, new MemberUpdate { Status = "inactive" }, ct);
                    else await members.ScheduleDeletionAsync(b.OwnerActor, who, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30), ct);
                });
            }
            foreach (var queue in b.Customer.Queues.Where(q => q.LaterJoins is not null))
            {
                clock.Ago(day -= 0.5);
                await InOrgAsync(b.Admin, b.OrgId, async sp =>
                {
                    var queues = sp.GetRequiredService<QueueService>();
                    var row = (await queues.ListAsync(ct)).First(q => q.Number == queue.Number);
                    var ids = (await sp.GetRequiredService<ExtensionService>().ListAsync(ct)).ToDictionary(e => e.Number, e => e.Id);
                    await queues.UpdateAsync(b.AdminActor, row.Id, new QueueInput
                    {
                        Number = queue.Number, Name = queue.Name, Strategy = queue.Strategy, MemberTimeoutSeconds = 20,
                        MemberIds = queue.Members.Append(queue.LaterJoins!).Select(m => ids[m]).ToList(),
                        Fallback = queue.VoicemailOf is { } box ? new DestinationInput("voicemail", ids[box]) : null,
                    }, ct);
                });
            }
            await DeployAsync(b.OrgId, ct);
        }

        var hotel = _built[0];
        clock.Ago(day -= 1);
        await InScopeAsync(managerName, managerId, null, async sp =>
        {
            var organizations = sp.GetRequiredService<OrganizationService>();
            var settings = OrganizationSettings.From(await organizations.GetAsync(hotel.OrgId, ct));
            settings.MaxUsers += 10;
            settings.MaxQueues += 1;
            return await organizations.UpdateAsync(managerActor, hotel.OrgId, settings, ct);
        });
        await DeployAsync(hotel.OrgId, ct);

        var law = _built[^1];
        clock.Ago(day -= 1);
        await InOrgAsync(law.Owner, law.OrgId, sp =>
            sp.GetRequiredService<ApiKeyService>().CreateAsync(law.OwnerActor, "Practice management sync", ApiKeyService.AllScopes.ToList(), ct));

        foreach (var b in _built)
        {
            foreach (var person in b.Customer.People.Where(p => p.Fate == DemoPlan.Fate.Promoted))
            {
                clock.Ago(day -= 1);
                await InOrgAsync(b.Owner, b.OrgId, sp => sp.GetRequiredService<MemberService>()
                    .UpdateAsync(b.OwnerActor, b.People[person].MembershipId, new MemberUpdate { Role = "pbx_admin" }, ct));
            }
        }

        // The newest people, invited in the last days (their links still work).
        foreach (var (b, person) in _built.SelectMany(b => b.Customer.People.Where(p => p.InvitedDaysAgo is not null).Select(p => (b, p)))
                     .OrderByDescending(x => x.p.InvitedDaysAgo))
        {
            clock.Ago(person.InvitedDaysAgo!.Value);
            b.People[person] = await AddAsync(b.AdminActor, b.Admin.Email, b.Admin.AccountId, b.OrgId, person, b.Customer.Domain, password: null, ct);
        }
        foreach (var b in _built) await DeployAsync(b.OrgId, ct);
    }

    private Task<Someone> AddAsync(Actor actor, string actorName, Guid actorId, Guid orgId, DemoPlan.Person person, string domain, string? password, CancellationToken ct) =>
        InScopeAsync(actorName, actorId, orgId, async sp =>
        {
            var invited = person.Fate == DemoPlan.Fate.Invited || password is null;
            var membership = await sp.GetRequiredService<MemberService>().AddAsync(actor, new NewMember
            {
                Name = person.Name,
                Email = person.Email(domain),
                Role = person.Role,
                Extension = person.Extension,
                Password = invited ? null : password,
                SendInvitation = invited,
            }, ct);
            return new Someone(membership.AccountId, membership.Id, person.Email(domain));
        });

    private Task<T> InOrgAsync<T>(Someone who, Guid orgId, Func<IServiceProvider, Task<T>> work) => InScopeAsync(who.Email, who.AccountId, orgId, work);

    private Task InOrgAsync(Someone who, Guid orgId, Func<IServiceProvider, Task> work) =>
        InScopeAsync(who.Email, who.AccountId, orgId, async sp =>
        {
            await work(sp);
            return 0;
        });

    /// <summary>One unit of work in its own scope, as <paramref name="actorName"/> (the audit log's "who"), inside the organization if given.</summary>
    private async Task<T> InScopeAsync<T>(string actorName, Guid? accountId, Guid? organizationId, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set(actorName, accountId, AuditSource.Cli);
        if (organizationId is { } id) sp.GetRequiredService<TenantContext>().Enter(id);
        return await work(sp);
    }

    /// <summary>Runs the deploy the saves queued, as the deploy job would (a platform deploy for <paramref name="organizationId"/> null).</summary>
    private Task DeployAsync(Guid? organizationId, CancellationToken ct) =>
        InScopeAsync("job: deploy", null, null, async sp =>
        {
            sp.GetRequiredService<AuditActor>().Set("job: deploy", null, AuditSource.Job);
            return await sp.GetRequiredService<DeployRunner>().RunAsync(organizationId, ct);
        });

    private async Task ReportAsync(List<(string Where, string Role, string Email)> signIns, string password, CancellationToken ct)
    {
        var lines = await InScopeAsync("seed-demo", null, null, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            using var _ = db.Tenant.AcrossOrganizations();
            var result = new List<string>();
            foreach (var o in await db.Organizations.OrderBy(o => o.CreatedAt).Select(o => new { o.Id, o.Name, o.Industry }).ToListAsync(ct))
            {
                var members = await db.Memberships.Where(m => m.OrganizationId == o.Id).Select(m => new { m.Role, m.Status }).ToListAsync(ct);
                var roles = string.Join(", ", members.GroupBy(m => m.Role).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Names.Of(g.Key)}"));
                result.Add($"  {o.Name} ({Names.Label(o.Industry).ToLowerInvariant()}): {N(members.Count, "member")} ({roles}; {members.Count(m => m.Status == MembershipStatus.Inactive)} inactive), " +
                           $"{N(await db.Extensions.CountAsync(e => e.OrganizationId == o.Id, ct), "extension")}, {N(await db.RingGroups.CountAsync(g => g.OrganizationId == o.Id, ct), "ring group")}, " +
                           $"{N(await db.Queues.CountAsync(q => q.OrganizationId == o.Id, ct), "queue")}, {N(await db.Trunks.CountAsync(t => t.OrganizationId == o.Id, ct), "trunk")}, " +
                           $"{N(await db.Dids.CountAsync(d => d.OrganizationId == o.Id, ct), "number")}, {N(await db.OutboundRoutes.CountAsync(r => r.OrganizationId == o.Id, ct), "outbound route")}");
            }
            result.Add($"  The provider: 1 shared trunk, {N(await db.Dids.CountAsync(d => d.OrganizationId == null, ct), "number")} in the inventory; " +
                       $"{N(await db.AuditEntries.CountAsync(ct), "audit entry", "audit entries")}, {N(await db.Deploys.CountAsync(ct), "deploy")}.");
            return result;
        });
        output.WriteLine("Created the demo (its history spreads over the past 45 days):");
        foreach (var line in lines) output.WriteLine(line);
        output.WriteLine();
        output.WriteLine($"Sign in at /Identity/Account/Login as any of these people with the password {password}");
        foreach (var (where, role, email) in signIns) output.WriteLine($"  {role,-17} {where,-24} {email}");
        output.WriteLine("(Everyone the demo added with a password has this one; invited people have none yet. Change it before showing the demo to anyone.)");
    }

    private static string N(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>A password nobody can guess (16 letters and digits in four groups), for when the operator gives none.</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        return string.Join('-', chars.Chunk(4).Select(c => new string(c)));
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
}
