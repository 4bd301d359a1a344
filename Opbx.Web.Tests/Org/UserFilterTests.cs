using System.Net;
using Opbx.Domain.People;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Org;

/// <summary>The users page and the API read the list's filters the same way: an unknown role or status is refused in the same words.</summary>
[Collection(AppCollection.Name)]
public sealed class UserFilterTests(OpbxApp app)
{
    [Theory]
    [InlineData("role=superuser", "role", MemberListQuery.RoleRule)]
    [InlineData("status=gone", "status", MemberListQuery.StatusRule)]
    public async Task AnUnknownFilterIsRefusedByThePageAsByTheApi(string filter, string field, string message)
    {
        var org = await app.CreateOrganizationAsync();
        await app.AddMemberAsync(org.Organization.Id, "pbx_user", name: "Filtered Person");

        using var api = ApiClient.Key(app, org);
        var answer = await api.GetAsync($"/api/v1/users?{filter}");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(message, (string?)(await ApiClient.JsonAsync(answer))["errors"]![field]![0]);

        using var owner = await WebSession.SignInAsync(app, org.Owner.Email!, "Owner-password-1");
        var html = WebUtility.HtmlDecode(await owner.GetHtmlAsync($"/Org/{org.Organization.Id}/Users?{filter}"));
        Assert.Contains("filter-error", html);
        Assert.Contains(message, html);
        Assert.DoesNotContain("Filtered Person", html); // not silently the unfiltered list
        Assert.Contains("Filtered Person", await owner.GetHtmlAsync($"/Org/{org.Organization.Id}/Users?role=pbx_user"));
    }
}
