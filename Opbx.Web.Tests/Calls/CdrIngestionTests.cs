using Opbx.Domain.Calls;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Calls;

/// <summary>CDR lines into call records, through the real ingestion and database: organization, members, duplicates, restarts, bad lines.</summary>
[Collection(AppCollection.Name)]
public sealed class CdrIngestionTests(OpbxApp app) : IDisposable
{
    private readonly CallData _cdr = new(app);

    public void Dispose() => _cdr.Dispose();

    [Fact]
    public async Task Each_record_goes_to_its_organization_with_its_members_and_bad_or_foreign_lines_are_skipped_without_stopping()
    {
        var org = await app.CreateOrganizationAsync();
        var other = await app.CreateOrganizationAsync();
        var pat = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "201", name: "Pat Phone");
        var sam = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "202", name: "Sam Desk");
        var patPhone = await _cdr.SipUsernameAsync(org.Organization.Id, "201");
        var samPhone = await _cdr.SipUsernameAsync(org.Organization.Id, "202");
        var id = Guid.NewGuid().ToString("N")[..10];

        _cdr.Append(
            CdrText.Line(org.Organization.Slug, $"{id}.1", billsec: 61, src: "201", dst: "202", channel: $"PJSIP/{patPhone}-00000001", dstChannel: $"PJSIP/{samPhone}-00000002"),
            "this is no CDR",
            CdrText.Line("no-such-organization", $"{id}.2"),
            CdrText.Line(org.Organization.Slug, $"{id}.3", src: "+4930123456", dst: "202", channel: "PJSIP/opbx-trunk-00ff-00000003", dstChannel: "",
                disposition: "NO ANSWER"),
            CdrText.Line(other.Organization.Slug, $"{id}.4", src: "301", dst: "0301234567", channel: "PJSIP/zz-00000004", dstChannel: "PJSIP/opbx-trunk-11aa-00000005"));

        var results = await _cdr.IngestAsync();

        Assert.Equal(5, results.Sum(r => r.Lines));
        Assert.Equal(3, results.Sum(r => r.Saved));
        Assert.Equal(1, results.Sum(r => r.Malformed));
        Assert.Equal(1, results.Sum(r => r.UnknownAccount));
        var records = await _cdr.RecordsAsync(org.Organization.Id);
        Assert.Equal([$"{id}.1", $"{id}.3"], records.Select(r => r.UniqueId));
        var internalCall = records[0];
        Assert.Equal(CallDirection.Internal, internalCall.Direction);
        Assert.Equal(61, internalCall.BillSeconds);
        Assert.Equal(CallDisposition.Answered, internalCall.Disposition);
        Assert.Equal(pat.Id, internalCall.MembershipId);
        Assert.Equal("Pat Phone", internalCall.CallerName);
        Assert.EndsWith("@example.test", internalCall.CallerEmail);
        Assert.Equal(sam.Id, internalCall.CalleeMembershipId);
        Assert.Equal("Sam Desk", internalCall.CalleeName);
        // An outside caller is no member; the extension dialled is, found by its number when no phone answered.
        var inbound = records[1];
        Assert.Equal(CallDirection.Inbound, inbound.Direction);
        Assert.Null(inbound.MembershipId);
        Assert.Equal(sam.Id, inbound.CalleeMembershipId);
        Assert.Null(inbound.AnsweredAt);
        Assert.Equal(CallDirection.Outbound, Assert.Single(await _cdr.RecordsAsync(other.Organization.Id)).Direction);
    }

    [Fact]
    public async Task Reading_the_same_lines_again_counts_nothing_twice_and_a_restart_reads_only_what_came_since()
    {
        var org = await app.CreateOrganizationAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.1"), CdrText.Line(org.Organization.Slug, $"{id}.1", sequence: 2));
        await _cdr.IngestAsync();
        Assert.Equal(2, (await _cdr.RecordsAsync(org.Organization.Id)).Count);

        // Nothing new: nothing read.
        Assert.Equal(0, (await _cdr.IngestAsync()).Sum(r => r.Lines));

        // Written while Opbx was down: read from the saved cursor when it is back.
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.2"));
        var after = await _cdr.IngestAsync();
        Assert.Equal(1, after.Sum(r => r.Lines));
        Assert.Equal(3, (await _cdr.RecordsAsync(org.Organization.Id)).Count);

        // A lost cursor (a crash before it was saved) reads everything again: the upsert keeps one record per (uniqueid, sequence).
        await _cdr.ForgetCursorAsync();
        var again = await _cdr.IngestAsync();
        Assert.Equal(3, again.Sum(r => r.Lines));
        Assert.Equal([$"{id}.1", $"{id}.1", $"{id}.2"], (await _cdr.RecordsAsync(org.Organization.Id)).Select(r => r.UniqueId));
    }

    [Fact]
    public async Task After_rotation_the_rest_of_the_old_file_and_then_the_new_one_are_read_once()
    {
        var org = await app.CreateOrganizationAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.1"));
        await _cdr.IngestAsync();
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.2"));
        File.Move(_cdr.Path, _cdr.Path + ".1");
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.3"));

        var results = await _cdr.IngestAsync();

        Assert.Contains(results, r => r.Rotated);
        Assert.Equal([$"{id}.1", $"{id}.2", $"{id}.3"], (await _cdr.RecordsAsync(org.Organization.Id)).Select(r => r.UniqueId));
        Assert.Equal(0, (await _cdr.IngestAsync()).Sum(r => r.Lines));
    }

    [Fact]
    public async Task A_deleted_members_records_stay_without_their_name_and_later_records_of_their_old_phone_carry_none()
    {
        var org = await app.CreateOrganizationAsync();
        var pat = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "201", name: "Pat Phone");
        var phone = await _cdr.SipUsernameAsync(org.Organization.Id, "201");
        var id = Guid.NewGuid().ToString("N")[..10];
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.1", channel: $"PJSIP/{phone}-00000001", dst: "0301234567", dstChannel: "PJSIP/opbx-trunk-aa-2"));
        await _cdr.IngestAsync();
        Assert.Equal("Pat Phone", (await _cdr.RecordsAsync(org.Organization.Id))[0].CallerName);

        var owner = Opbx.Domain.Rules.Actor.Person(org.Owner.Id, false, Opbx.Domain.People.OrgRole.Owner);
        await app.InOrganizationAsync(org.Organization.Id, sp =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Opbx.Domain.People.MemberService>(sp).DeleteAsync(owner, pat.Id));
        _cdr.Append(CdrText.Line(org.Organization.Slug, $"{id}.2", channel: $"PJSIP/{phone}-00000003", dst: "0301234567", dstChannel: "PJSIP/opbx-trunk-aa-4"));
        await _cdr.IngestAsync();

        var records = await _cdr.RecordsAsync(org.Organization.Id);
        Assert.All(records, r => Assert.Null(r.CallerName));
        Assert.All(records, r => Assert.Null(r.CallerEmail));
        Assert.All(records, r => Assert.Null(r.MembershipId));
    }
}
