using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Organizations;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Platform;

/// <summary>One path per change: a password reset, ending a person's sessions and getting an organization each have one.</summary>
[Collection(AppCollection.Name)]
public sealed class OnePathTests(OpbxApp app)
{
    [Theory]
    [InlineData("", "Enter the new password.")]
    [InlineData("short", "at least")]
    public async Task APasswordResetIsRefusedInTheSameWordsAtTheSameFieldByEitherDoor(string password, string expected)
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var admin = await app.AdminActorAsync();

        var byOrganization = await Assert.ThrowsAsync<ValidationException>(() => app.InOrganizationAsync(org.Organization.Id, sp =>
            sp.GetRequiredService<MemberService>().ResetPasswordAsync(admin, member.Id, password, false)));
        var byPlatform = await Assert.ThrowsAsync<ValidationException>(() => app.WithScopeAsync(sp =>
            sp.GetRequiredService<AccountService>().ResetPasswordAsync(admin, member.AccountId, password, false)));

        foreach (var refused in new[] { byOrganization, byPlatform })
        {
            var (field, messages) = Assert.Single(refused.Errors);
            Assert.Equal(PasswordReset.Field, field);
            Assert.Contains(expected, string.Join(" ", messages));
        }
        Assert.Equal(byOrganization.Errors[PasswordReset.Field], byPlatform.Errors[PasswordReset.Field]);
    }

    [Fact]
    public async Task EveryWayOfEndingSessionsChangesTheSecurityStamp()
    {
        var org = await app.CreateOrganizationAsync();
        var member = await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var admin = await app.AdminActorAsync();
        Task<string?> StampAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Users
            .Where(a => a.Id == member.AccountId).Select(a => a.SecurityStamp).SingleAsync());

        var steps = new Func<Task>[]
        {
            () => app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>()
                .UpdateAsync(admin, member.Id, new MemberUpdate { Status = "inactive" })),
            () => app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>()
                .UpdateAsync(admin, member.Id, new MemberUpdate { Status = "active" })),
            () => app.InOrganizationAsync(org.Organization.Id, sp => sp.GetRequiredService<MemberService>()
                .UpdateAsync(admin, member.Id, new MemberUpdate { Email = $"moved-{Guid.NewGuid():N}@example.test" })),
            () => app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>()
                .UpdateProfileAsync(admin, member.AccountId, "Renamed", $"again-{Guid.NewGuid():N}@example.test", null)),
            () => app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().SetActiveAsync(admin, member.AccountId, false)),
            () => app.WithScopeAsync(sp => sp.GetRequiredService<AccountService>().ResetPasswordAsync(admin, member.AccountId, "Another-password-9", false)),
        };
        foreach (var step in steps)
        {
            var before = await StampAsync();
            await step();
            Assert.NotEqual(before, await StampAsync());
        }
    }

    [Fact]
    public async Task AnOrganizationIsGotByItsIdNotFoundBySearch()
    {
        var org = await app.CreateOrganizationAsync(configure: s => s.MaxUsers = 7);
        await app.AddMemberAsync(org.Organization.Id, "pbx_user");
        var row = await app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().GetRowAsync(org.Organization.Id));
        Assert.Equal((org.Organization.Name, 2, 7, "Olive Owner"), (row.Name, row.ActiveUsers, row.MaxUsers, row.OwnerName));
        await Assert.ThrowsAsync<NotFoundException>(() => app.WithScopeAsync(sp => sp.GetRequiredService<OrganizationService>().GetRowAsync(Guid.NewGuid())));
    }

    [Fact]
    public async Task ComplianceIsRefusedInTheSameWordsByTheSettingsPageAndEveryApi()
    {
        var org = await app.CreateOrganizationAsync();
        var id = org.Organization.Id;
        const string mode = "sometimes";
        var expectedMode = Compliance.ConsentModeRule;
        var expectedDays = "Enter a whole number from 1 to 3,650 days.";

        using var key = ApiClient.Key(app, org);
        var put = await key.PutAsync("/api/v1/compliance",
            new { recording_consent_mode = mode, cdr_retention_days = 0, recording_retention_days = 30, pii_masking = true });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var putErrors = (await ApiClient.JsonAsync(put))["errors"]!.AsObject();

        using var platform = ApiClient.Bearer(app, await app.PlatformTokenAsync());
        var patch = await platform.PatchAsync($"/api/v1/organizations/{id}", new { compliance = new { recording_consent_mode = mode, cdr_retention_days = 0 } });
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        var patchErrors = (await ApiClient.JsonAsync(patch))["errors"]!.AsObject();

        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var page = await owner.PostFormAsync($"/Org/{id}/Settings?handler=Compliance", new()
        {
            ["RecordingConsentMode"] = mode, ["CdrRetentionDays"] = "0", ["RecordingRetentionDays"] = "30", ["PiiMasking"] = "true",
        }, $"/Org/{id}/Settings");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        static string Only(JsonObject errors, string field) => Assert.Single(errors[field]!.AsArray())!.GetValue<string>();
        Assert.Equal((expectedMode, expectedDays), (Only(putErrors, "recording_consent_mode"), Only(putErrors, "cdr_retention_days")));
        Assert.Equal((expectedMode, expectedDays), (Only(patchErrors, "compliance.recording_consent_mode"), Only(patchErrors, "compliance.cdr_retention_days")));
        Assert.Contains(expectedMode, html);
        Assert.Contains(expectedDays, html);
        var stored = await app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Organizations.IgnoreQueryFilters()
            .Where(o => o.Id == id).Select(o => o.CdrRetentionDays).SingleAsync());
        Assert.NotEqual(0, stored);
    }
}
