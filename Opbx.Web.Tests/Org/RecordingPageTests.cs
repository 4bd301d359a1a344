using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Calls;
using Opbx.Domain.Organizations;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Org;

/// <summary>
/// The recordings page and a recording's audio, over HTTP with real sign-ins. Call records are inserted directly (as the CDR
/// ingestion would) with a file in the organization's recordings folder.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RecordingPageTests(OpbxApp app)
{
    private const string OwnerPassword = "Owner-password-1";
    private const string MemberPassword = "Member-password-1";

    [Fact]
    public async Task The_owner_plays_a_recording_with_range_requests_and_downloads_it()
    {
        var org = await app.CreateOrganizationAsync();
        var (id, bytes) = await RecordedCallAsync(org.Organization, null, null);
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, OwnerPassword);

        var page = await owner.GetHtmlAsync($"/Org/{org.Organization.Id}/Recordings");
        Assert.Contains($"src=\"/Org/{org.Organization.Id}/Recordings/{id}\"", page);
        Assert.Contains("<audio controls", page);

        var whole = await owner.GetAsync($"/Org/{org.Organization.Id}/Recordings/{id}");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/wav", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/Org/{org.Organization.Id}/Recordings/{id}");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await owner.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 100-199/{bytes.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[100..200], await part.Content.ReadAsByteArrayAsync());

        var download = await owner.GetAsync($"/Org/{org.Organization.Id}/Recordings/{id}?download=true");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"call-{id}.wav", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Another_organizations_owner_gets_404_by_id_in_either_organizations_path()
    {
        var mine = await app.CreateOrganizationAsync();
        var theirs = await app.CreateOrganizationAsync();
        var (id, _) = await RecordedCallAsync(theirs.Organization, null, null);
        using var owner = await WebSession.SignInAsync(app, mine.Owner.Email!, OwnerPassword);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Org/{mine.Organization.Id}/Recordings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Org/{theirs.Organization.Id}/Recordings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Org/{mine.Organization.Id}/Recordings/{id}?download=true")).StatusCode);
        Assert.DoesNotContain($"/Recordings/{id}\"", await owner.GetHtmlAsync($"/Org/{mine.Organization.Id}/Recordings"));
    }

    [Fact]
    public async Task A_PBX_user_sees_and_plays_only_the_calls_they_made_or_took()
    {
        var org = await app.CreateOrganizationAsync();
        var user = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "210");
        var colleague = await app.AddMemberAsync(org.Organization.Id, "pbx_user", extension: "211");
        var (made, _) = await RecordedCallAsync(org.Organization, user.Id, colleague.Id);
        var (took, _) = await RecordedCallAsync(org.Organization, colleague.Id, user.Id);
        var (others, _) = await RecordedCallAsync(org.Organization, colleague.Id, null);
        using var session = await WebSession.SignInAsync(app, user.Account!.Email!, MemberPassword);
        var orgId = org.Organization.Id;

        var page = await session.GetHtmlAsync($"/Org/{orgId}/Recordings");
        Assert.Contains($"/Recordings/{made}\"", page);
        Assert.Contains($"/Recordings/{took}\"", page);
        Assert.DoesNotContain($"/Recordings/{others}\"", page);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/Org/{orgId}/Recordings/{made}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/Org/{orgId}/Recordings/{took}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/Org/{orgId}/Recordings/{others}")).StatusCode);
        // Deleting is the owners': refused, and the file stays.
        var delete = await session.PostFormAsync($"/Org/{orgId}/Recordings?handler=Delete&id={made}", new(), pagePath: $"/Org/{orgId}/Recordings");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Contains(Domain.Rules.AccessRules.OnlyOwnersRecordings, await delete.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/Org/{orgId}/Recordings/{made}")).StatusCode);
    }

    [Theory]
    [InlineData("../../opbx.db")]
    [InlineData("/etc/passwd")]
    [InlineData("1764500000.1.wav/../../../opbx.db")]
    [InlineData("..")]
    [InlineData("1764500000.1.mp3")]
    public async Task A_tampered_stored_name_or_path_is_404_and_reads_nothing(string stored)
    {
        var org = await app.CreateOrganizationAsync();
        var (id, _) = await RecordedCallAsync(org.Organization, null, null);
        await app.InOrganizationAsync(org.Organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var call = await db.CallRecords.SingleAsync(c => c.Id == id);
            call.RecordingFile = stored;
            return await db.SaveChangesAsync();
        });
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, OwnerPassword);
        var orgId = org.Organization.Id;

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Org/{orgId}/Recordings/{id}")).StatusCode);
        // Paths in the request never name a file: whatever follows the id is another route (not found).
        foreach (var path in new[] { $"/Org/{orgId}/Recordings/{id}/..%2F..%2Fopbx.db", $"/Org/{orgId}/Recordings/..%2F..%2Fopbx.db",
                     $"/Org/{orgId}/Recordings/1764500000.1.wav", $"/Org/{orgId}/Recordings/-1", $"/Org/{orgId}/Recordings/99999999999999999999" })
        {
            Assert.True((await owner.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, path);
        }
    }

    [Fact]
    public async Task The_owner_deletes_a_recording_the_call_record_stays_and_the_deletion_is_audited()
    {
        var org = await app.CreateOrganizationAsync();
        var (id, _) = await RecordedCallAsync(org.Organization, null, null);
        var path = Path.Combine(app.Services.GetRequiredService<OrganizationFiles>().Recordings(org.Organization.Slug), await NameAsync(org.Organization.Id, id));
        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, OwnerPassword);
        var orgId = org.Organization.Id;
        Assert.Contains("data-confirm=\"Delete this recording?", await owner.GetHtmlAsync($"/Org/{orgId}/Recordings"));

        var delete = await owner.PostFormAsync($"/Org/{orgId}/Recordings?handler=Delete&id={id}", new(), pagePath: $"/Org/{orgId}/Recordings");

        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.False(File.Exists(path));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/Org/{orgId}/Recordings/{id}")).StatusCode);
        var (file, audit) = await app.InOrganizationAsync(orgId, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var call = await db.CallRecords.SingleAsync(c => c.Id == id);
            var entries = await db.AuditEntries.Where(a => a.Action == "call_record.recording_deleted").ToListAsync();
            return (call.RecordingFile, entries);
        });
        Assert.Null(file);
        Assert.Single(audit);
    }

    [Fact]
    public async Task Storage_used_sums_the_recordings_and_takes_unknown_sizes_from_the_files()
    {
        var org = await app.CreateOrganizationAsync();
        var (a, first) = await RecordedCallAsync(org.Organization, null, null, knownSize: true);
        var (b, second) = await RecordedCallAsync(org.Organization, null, null, knownSize: false);

        var used = await app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<RecordingService>().StorageBytesAsync());

        Assert.Equal(first.Length + second.Length, used);
        var stored = await app.InOrganizationAsync(org.Organization.Id, sp =>
            sp.GetRequiredService<OpbxDb>().CallRecords.Where(c => c.Id == b).Select(c => c.RecordingBytes).SingleAsync());
        Assert.Equal(second.Length, stored);
        Assert.NotEqual(a, b);
    }

    private Task<string> NameAsync(Guid orgId, long id) => app.InOrganizationAsync(orgId, sp =>
        sp.GetRequiredService<OpbxDb>().CallRecords.Where(c => c.Id == id).Select(c => c.RecordingFile!).SingleAsync());

    /// <summary>A recorded call (as ingestion would store it) and its WAV file in the organization's recordings folder.</summary>
    private async Task<(long Id, byte[] Bytes)> RecordedCallAsync(Organization organization, Guid? caller, Guid? callee, bool knownSize = true)
    {
        var uniqueId = $"{Random.Shared.NextInt64(1_700_000_000, 1_800_000_000)}.{Random.Shared.Next(1, 100000)}";
        var name = uniqueId + ".wav";
        var bytes = new byte[4000 + Random.Shared.Next(1000)];
        Random.Shared.NextBytes(bytes);
        var folder = app.Services.GetRequiredService<OrganizationFiles>().PrepareRecordings(organization.Slug);
        await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
        var id = await app.InOrganizationAsync(organization.Id, async sp =>
        {
            var db = sp.GetRequiredService<OpbxDb>();
            var call = new CallRecord
            {
                OrganizationId = organization.Id,
                UniqueId = uniqueId,
                LinkedId = uniqueId,
                StartedAt = DateTimeOffset.UtcNow,
                Source = "210",
                Destination = "211",
                MembershipId = caller,
                CalleeMembershipId = callee,
                BillSeconds = 12,
                Disposition = CallDisposition.Answered,
                Direction = CallDirection.Internal,
                RecordingFile = name,
                RecordingBytes = knownSize ? bytes.Length : 0,
            };
            db.CallRecords.Add(call);
            await db.SaveChangesAsync();
            return call.Id;
        });
        return (id, bytes);
    }
}
