using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// Who sees usage and its history (minutes are the organization's calls summed): those who read every call — owners, PBX admins,
/// reporters, platform managers, API keys — not PBX users. Changing the thresholds and hard limits is a setting: owners only.
/// </summary>
public sealed class UsageRulesTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");

    private static Actor Of(string who) => who switch
    {
        "owner" => Actor.Person(Me, false, OrgRole.Owner),
        "pbx_admin" => Actor.Person(Me, false, OrgRole.PbxAdmin),
        "pbx_user" => Actor.Person(Me, false, OrgRole.PbxUser),
        "reporter" => Actor.Person(Me, false, OrgRole.Reporter),
        "platform" => Actor.Person(Me, true, null),
        _ => Actor.ApiKey(),
    };

    [Theory]
    [InlineData("owner", true, true)]
    [InlineData("pbx_admin", true, false)]
    [InlineData("pbx_user", false, false)]
    [InlineData("reporter", true, false)]
    [InlineData("platform", true, true)]
    [InlineData("api_key", true, true)]
    public void View_usage_and_change_its_settings(string who, bool view, bool change)
    {
        var verdict = AccessRules.ViewUsage(Of(who));
        Assert.Equal(view ? Outcome.Allowed : Outcome.Forbidden, verdict.Outcome);
        if (!view) Assert.Equal(AccessRules.OnlyUsageReaders, verdict.Message);
        Assert.Equal(change ? Outcome.Allowed : Outcome.Forbidden, AccessRules.ManageOrganizationSettings(Of(who)).Outcome);
    }
}
