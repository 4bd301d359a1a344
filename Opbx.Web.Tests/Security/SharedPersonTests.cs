using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Security;

/// <summary>
/// A person who belongs to two organizations: the one organization cannot rename them for the other, and adding an
/// address that already has an account tells the adding organization nothing it did not send.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SharedPersonTests(OpbxApp app)
{
    private async Task<(Opbx.Domain.Organizations.CreatedOrganization A, Opbx.Domain.Organizations.CreatedOrganization B, Opbx.Domain.People.Membership InA)> SharedAsync()
    {
        var a = await app.CreateOrganizationAsync();
        var b = await app.CreateOrganizationAsync();
        var email = $"shared-{Guid.NewGuid():N}@example.test";
        await app.AddMemberAsync(b.Organization.Id, "pbx_user", email);
        var inA = await app.AddMemberAsync(a.Organization.Id, "pbx_user", email);
        return (a, b, inA);
    }

    private Task<string> NameAsync(Guid accountId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<OpbxDb>().Users.Where(u => u.Id == accountId).Select(u => u.Name).SingleAsync());

    [Fact]
    public async Task AnOrganizationCannotRenameAPersonItSharesWithAnother()
    {
        var (a, _, inA) = await SharedAsync();
        using var api = ApiClient.Key(app, a);
        var patch = await api.PatchAsync($"/api/v1/users/{inA.Id}", new { name = "Renamed By A" });
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Contains("only a platform manager can change their name", await patch.Content.ReadAsStringAsync());
        Assert.Equal("Member pbx_user", await NameAsync(inA.AccountId));

        // The owner in the browser (quick edit and the user page use the same service) is refused the same way.
        using var owner = await WebSession.SignInAsync(app, a.Owner.Email!, "Owner-password-1");
        var edit = await owner.PostFormAsync($"/Org/{a.Organization.Id}/Users/{inA.Id}?handler=Save", new()
        {
            ["Input.Name"] = "Renamed In Browser",
            ["Input.Email"] = inA.Account!.Email!,
            ["Input.Role"] = "pbx_user",
            ["Input.Status"] = "active",
            ["Input.Extension"] = "",
        });
        Assert.Contains("only a platform manager can change their name", WebSession.Errors(await edit.Content.ReadAsStringAsync()));
        Assert.Equal("Member pbx_user", await NameAsync(inA.AccountId));

        // A CSV import that would rename them is refused on that row.
        var csv = Encoding.UTF8.GetBytes($"name,email,role,extension\nRenamed By Csv,{inA.Account.Email},pbx_user,\n");
        var import = await owner.PostFileAsync($"/Org/{a.Organization.Id}/Users/Import?handler=Check", "file", "people.csv", csv,
            $"/Org/{a.Organization.Id}/Users/Import");
        Assert.Contains("only a platform manager can change their name", await import.Content.ReadAsStringAsync());

        // A member of one organization only is renamed as before.
        var solo = await app.AddMemberAsync(a.Organization.Id, "pbx_user");
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync($"/api/v1/users/{solo.Id}", new { name = "Renamed Solo" })).StatusCode);
        Assert.Equal("Renamed Solo", await NameAsync(solo.AccountId));
    }

    [Fact]
    public async Task AddingAnExistingAddressAnswersWithWhatTheCallerSentOnly()
    {
        var elsewhere = await app.CreateOrganizationAsync();
        using (await WebSession.SignInAsync(app, elsewhere.Owner.Email!, "Owner-password-1"))
        {
            // The owner has signed in, so the account has a real name and a last sign-in to give away.
        }
        var prober = await app.CreateOrganizationAsync();
        using var api = ApiClient.Key(app, prober);
        var added = await api.PostAsync("/api/v1/org-users/invite", new { name = "Probe", email = elsewhere.Owner.Email, role = "reporter" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var body = await ApiClient.JsonAsync(added);
        Assert.Equal("Probe", (string?)body["name"]);
        Assert.Null(body["last_login_at"]);
        Assert.DoesNotContain("Olive Owner", body.ToJsonString());
    }
}
