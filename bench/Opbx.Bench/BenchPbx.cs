using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.Pbx;

namespace Opbx.Bench;

/// <summary>
/// The big organization's phone system, deploy history and API key for the page bench: 20 ring groups of 25, 10 queues of
/// 100, a trunk, 50 numbers, routes, an emergency number, 200 deploys. The API key's id and secret are fixed
/// (<see cref="KeyId"/>, <see cref="Secret"/>) so bench/run.sh can call the organization API.
/// </summary>
public static class BenchPbx
{
    public const string KeyId = "ok_benchkey1";
    public const string Secret = "bench-secret-0123456789abcdef";

    public static async Task AddAsync(DbContextOptions<OpbxDb> options, TenantContext tenant, Organization organization)
    {
        await using var db = new OpbxDb(options).Use(tenant);
        var now = DateTimeOffset.UtcNow;
        var extensions = await db.Extensions.Where(e => e.OrganizationId == organization.Id).OrderBy(e => e.Number).Take(1000).ToListAsync();
        var trunk = new Trunk { OrganizationId = organization.Id, Name = "Carrier", Host = "203.0.113.10", Username = "hospital", Register = true, MaxChannels = 30, CreatedAt = now };
        db.Trunks.Add(trunk);
        AddPhoneSystem(db, organization.Id, extensions, trunk, now);
        db.Deploys.AddRange(Enumerable.Range(0, 200).Select(i => new Deploy
        {
            OrganizationId = organization.Id, Trigger = DeployTrigger.Save, RequestedBy = "admin@example.test", Status = DeployStatus.Succeeded,
            QueuedAt = now.AddMinutes(-i * 30), StartedAt = now.AddMinutes(-i * 30).AddSeconds(0.3), FinishedAt = now.AddMinutes(-i * 30).AddSeconds(0.35),
            FilesWritten = "orgs/big-hospital/pjsip.conf", ModulesReloaded = "res_pjsip.so", Summary = "1 file(s) written, 0 deleted, 7 unchanged; 1 module(s) reloaded.",
        }));
        db.ApiKeys.Add(new ApiKey
        {
            OrganizationId = organization.Id, KeyId = KeyId, Name = "bench", Scopes = string.Join(' ', ApiKeyService.AllScopes), SecretHash = Secrets.Hash(Secret), CreatedAt = now,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A hospital's phone system on <paramref name="trunk"/> (both benches use it): 20 ring groups of 25, 10 queues of 100,
    /// 50 numbers to queues, groups and voicemail, a national route and 112 (needs at least 51 extensions).
    /// </summary>
    public static void AddPhoneSystem(OpbxDb db, Guid organizationId, IReadOnlyList<Extension> extensions, Trunk trunk, DateTimeOffset now)
    {
        var groups = Enumerable.Range(0, 20).Select(g => new RingGroup
        {
            OrganizationId = organizationId,
            Number = $"{600 + g}",
            Name = $"Ward {g}",
            Strategy = (RingGroupStrategy)(g % 3),
            RingSeconds = 20,
            CreatedAt = now,
            Members = extensions.Skip(g * 25).Take(25).Select((x, p) => new RingGroupMember { OrganizationId = organizationId, ExtensionId = x.Id, Position = p }).ToList(),
        }).ToList();
        var queues = Enumerable.Range(0, 10).Select(q => new Queue
        {
            OrganizationId = organizationId,
            Number = $"{700 + q}",
            Name = $"Desk {q}",
            Strategy = (QueueStrategy)(q % 6),
            CreatedAt = now,
            Fallback = Destination.To(DestinationKind.RingGroup, groups[q].Id),
            Members = extensions.Skip(q * 100).Take(100).Select((x, p) => new QueueMember { OrganizationId = organizationId, ExtensionId = x.Id, Position = p }).ToList(),
        }).ToList();
        db.RingGroups.AddRange(groups);
        db.Queues.AddRange(queues);
        var dids = Enumerable.Range(0, 50).Select(d => new Did
        {
            OrganizationId = organizationId,
            Number = $"+49301000{d:D3}",
            TrunkId = trunk.Id,
            CreatedAt = now,
            Destination = d % 3 == 0 ? Destination.To(DestinationKind.Queue, queues[d % 10].Id)
                : d % 3 == 1 ? Destination.To(DestinationKind.RingGroup, groups[d % 20].Id) : Destination.To(DestinationKind.Voicemail, extensions[d + 1].Id),
        }).ToList();
        db.Dids.AddRange(dids);
        db.OutboundRoutes.Add(new OutboundRoute
        {
            OrganizationId = organizationId,
            Name = "National",
            CallerIdDidId = dids[0].Id,
            CreatedAt = now,
            Patterns = [new() { OrganizationId = organizationId, Pattern = "_0[1-9]X.", Strip = 1, Prepend = "+49" }, new() { OrganizationId = organizationId, Pattern = "_00Z.", Strip = 2, Prepend = "+", Position = 1 }],
            Trunks = [new() { OrganizationId = organizationId, TrunkId = trunk.Id }],
        });
        db.EmergencyNumbers.Add(new EmergencyNumber
        {
            OrganizationId = organizationId,
            Number = "112",
            CallerIdDidId = dids[0].Id,
            CreatedAt = now,
            Trunks = [new() { OrganizationId = organizationId, TrunkId = trunk.Id }],
        });
    }
}
