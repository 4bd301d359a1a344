using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Pbx;

/// <summary>Short ways for the PBX tests to act inside an organization through the real domain services.</summary>
public sealed class PbxTestKit(OpbxApp app, CreatedOrganization created)
{
    public Guid OrganizationId => created.Organization.Id;
    public string Key => created.Organization.Slug;
    public Actor Owner => Actor.Person(created.Owner.Id, false, OrgRole.Owner);

    public static async Task<PbxTestKit> NewAsync(OpbxApp app, Action<OrganizationSettings>? configure = null) =>
        new(app, await app.CreateOrganizationAsync(configure: s =>
        {
            s.MaxDids = 10;
            s.MaxTrunks = 3;
            s.MaxQueues = 3;
            s.Voicemail = true;
            s.CallTransfer = true;
            configure?.Invoke(s);
        }));

    public Task<T> InAsync<T>(Func<IServiceProvider, Task<T>> work) => app.InOrganizationAsync(OrganizationId, work);

    public Task<T> Service<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
        InAsync(sp => work(sp.GetRequiredService<TService>()));

    public Task<SipAccount> ExtensionAsync(string number, string name = "Phone", Guid? membershipId = null, bool voicemail = true) =>
        Service<ExtensionService, SipAccount>(s => s.CreateAsync(Owner, new ExtensionInput { Number = number, Name = name, MembershipId = membershipId, VoicemailEnabled = voicemail }));

    public Task<Trunk> TrunkAsync(string name = "Carrier", string host = "203.0.113.10") =>
        Service<TrunkService, Trunk>(s => s.CreateAsync(Owner, new TrunkInput { Name = name, Host = host, Transport = "udp", MaxChannels = 2 }));

    public Task<Did> DidAsync(string number, Guid trunkId, DestinationInput? destination = null) =>
        Service<DidService, Did>(s => s.CreateAsync(Owner, new DidInput { Number = number, TrunkId = trunkId, Destination = destination }));

    public Task<List<AuditEntry>> AuditAsync() => app.WithScopeAsync(async sp =>
    {
        using var _ = sp.GetRequiredService<TenantContext>().AcrossOrganizations();
        return await sp.GetRequiredService<OpbxDb>().AuditEntries.Where(a => a.OrganizationId == OrganizationId).OrderBy(a => a.Id).ToListAsync();
    });

    /// <summary>Where the organization's call recordings are written.</summary>
    public string RecordingsFolder => app.Services.GetRequiredService<OrganizationFiles>().Recordings(Key);

    /// <summary>A number unique to this test run (E.164).</summary>
    public static string NewNumber() => "+49" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
}
