using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>
/// Reads what the renderer needs from the database: one organization's phone system, or the platform's shared part.
/// Works across organizations explicitly (a deploy job has no current organization) and always filters by the organization
/// asked for. Secrets are revealed here and only as far as Asterisk needs them: a phone's password becomes its md5 credential.
/// </summary>
public sealed class PbxSnapshots(OpbxDb db, SipCredentials credentials, OrganizationFiles files)
{
    /// <summary>The organization's snapshot; null when it does not exist (deleted: its files simply stop being rendered).</summary>
    public async Task<OrganizationPbx?> OrganizationAsync(Guid organizationId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null) return null;

        var extensions = await db.Extensions.AsNoTracking().Where(x => x.OrganizationId == organizationId)
            .Select(x => new
            {
                x.Id,
                x.Number,
                x.DisplayName,
                x.SipUsername,
                x.SipPassword,
                x.VoicemailEnabled,
                x.VoicemailPin,
                Active = x.Membership == null || (x.Membership.Status == MembershipStatus.Active && x.Membership.Account!.IsActive),
            })
            .ToListAsync(ct);
        var groups = await db.RingGroups.AsNoTracking().Where(g => g.OrganizationId == organizationId).Include(g => g.Members).AsSplitQuery().ToListAsync(ct);
        var queues = await db.Queues.AsNoTracking().Where(q => q.OrganizationId == organizationId).Include(q => q.Members).AsSplitQuery().ToListAsync(ct);
        var trunks = await db.Trunks.AsNoTracking().Where(t => t.OrganizationId == organizationId || t.OrganizationId == null).ToListAsync(ct);
        var dids = await db.Dids.AsNoTracking().Where(d => d.OrganizationId == organizationId).ToListAsync(ct);
        var didNumbers = dids.ToDictionary(d => d.Id, d => E164.Parse(d.Number));
        var routes = await db.OutboundRoutes.AsNoTracking().Where(r => r.OrganizationId == organizationId)
            .Include(r => r.Patterns).Include(r => r.Trunks).AsSplitQuery().OrderBy(r => r.Position).ToListAsync(ct);
        var emergency = await db.EmergencyNumbers.AsNoTracking().Where(e => e.OrganizationId == organizationId).Include(e => e.Trunks).ToListAsync(ct);

        // A caller ID is shown only if the number is still the organization's own.
        E164? CallerId(Guid? didId) => didId is { } id && didNumbers.TryGetValue(id, out var number) ? number : null;

        return new OrganizationPbx(
            organization.Id, organization.Slug, organization.Status == OrganizationStatus.Suspended, organization.ConcurrentCalls,
            organization.Voicemail, organization.CallTransfer,
            extensions.Select(x =>
            {
                var password = x.SipPassword.Length == 0 ? "" : credentials.Reveal(x.SipPassword);
                return new PbxExtension(x.Id, ExtensionNumber.Parse(x.Number), x.DisplayName, x.Active, x.SipUsername, SipCredentials.Realm,
                    password.Length == 0 ? "" : SipCredentials.Md5Credential(x.SipUsername, SipCredentials.Realm, password),
                    x.VoicemailEnabled, credentials.Reveal(x.VoicemailPin));
            }).ToList(),
            groups.Select(g => new PbxRingGroup(g.Id, ExtensionNumber.Parse(g.Number), g.Strategy, g.RingSeconds,
                g.Members.OrderBy(m => m.Position).Select(m => m.ExtensionId).ToList(), g.Fallback)).ToList(),
            queues.Select(q => new PbxQueue(q.Id, ExtensionNumber.Parse(q.Number), q.Strategy, q.MemberTimeoutSeconds, q.MaxWaitSeconds,
                q.Members.OrderBy(m => m.Position).Select(m => m.ExtensionId).ToList(), q.Fallback)).ToList(),
            trunks.Select(Trunk).ToList(),
            dids.Select(d => new PbxDid(d.Id, didNumbers[d.Id], d.TrunkId, d.Destination)).ToList(),
            routes.Select(r => new PbxOutboundRoute(r.Id,
                r.Patterns.OrderBy(p => p.Position).Select(p => new PbxDialPattern(DialPattern.Parse(p.Pattern), p.Strip, p.Prepend)).ToList(),
                r.Trunks.OrderBy(t => t.Position).Select(t => t.TrunkId).ToList(), CallerId(r.CallerIdDidId))).ToList(),
            emergency.Select(e => new PbxEmergencyNumber(e.Id, ExtensionNumber.Parse(e.Number), CallerId(e.CallerIdDidId),
                e.Trunks.OrderBy(t => t.Position).Select(t => t.TrunkId).ToList())).ToList())
        {
            // Both switches: the platform's feature (call_recording) and the organization's own setting (recording_enabled).
            // The folder is made here, before the dialplan that writes into it is deployed.
            Recording = organization.CallRecording && organization.RecordingEnabled
                ? new PbxRecording(organization.RecordingConsentMode, files.PrepareRecordings(organization.Slug))
                : null,
            OutboundBlocked = organization.OutboundBlocked,
            RecordingBlocked = organization.RecordingBlocked,
        };
    }

    /// <summary>Every organization's key, the shared trunks, and who holds each number arriving on a shared trunk.</summary>
    public async Task<PlatformPbx> PlatformAsync(CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var keys = await db.Organizations.AsNoTracking().Select(o => o.Slug).ToListAsync(ct);
        var shared = await db.Trunks.AsNoTracking().Where(t => t.OrganizationId == null).ToListAsync(ct);
        var dids = await db.Dids.AsNoTracking()
            .Where(d => d.OrganizationId != null && d.Trunk != null && d.Trunk.OrganizationId == null)
            .Join(db.Organizations, d => d.OrganizationId, o => o.Id, (d, o) => new { d.Id, d.Number, o.Slug })
            .ToListAsync(ct);
        return new PlatformPbx(keys, shared.Select(Trunk).ToList(), dids.Select(d => new PbxSharedDid(E164.Parse(d.Number), d.Slug, d.Id)).ToList());
    }

    /// <summary>Ids of every organization, for "redeploy all".</summary>
    public async Task<IReadOnlyList<Guid>> OrganizationIdsAsync(CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Organizations.AsNoTracking().Select(o => o.Id).ToListAsync(ct);
    }

    private PbxTrunk Trunk(Trunk t) => new(t.Id, t.IsShared, t.Host, t.Port, t.Transport, t.Username,
        string.IsNullOrEmpty(t.Password) ? null : credentials.Reveal(t.Password), t.Register, t.MatchList, t.MaxChannels);
}
