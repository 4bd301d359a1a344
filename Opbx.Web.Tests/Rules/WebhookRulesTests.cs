using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// Who manages webhooks: owners, platform managers and API keys (owner authority); not PBX admins (an endpoint sends every
/// call record out of Opbx: the owners' decision, like compliance), PBX users or reporters.
/// </summary>
public sealed class WebhookRulesTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");

    [Theory]
    [InlineData("owner", true)]
    [InlineData("pbx_admin", false)]
    [InlineData("pbx_user", false)]
    [InlineData("reporter", false)]
    [InlineData("platform", true)]
    [InlineData("api_key", true)]
    public void Manage_webhooks(string who, bool allowed)
    {
        var actor = who switch
        {
            "owner" => Actor.Person(Me, false, OrgRole.Owner),
            "pbx_admin" => Actor.Person(Me, false, OrgRole.PbxAdmin),
            "pbx_user" => Actor.Person(Me, false, OrgRole.PbxUser),
            "reporter" => Actor.Person(Me, false, OrgRole.Reporter),
            "platform" => Actor.Person(Me, true, null),
            _ => Actor.ApiKey(),
        };
        var verdict = AccessRules.ManageWebhooks(actor);
        Assert.Equal(allowed ? Outcome.Allowed : Outcome.Forbidden, verdict.Outcome);
        if (!allowed) Assert.Equal(AccessRules.OnlyOwnersWebhooks, verdict.Message);
    }
}
