using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// Who may manage the phone system: actor × action, every cell written out. A = allowed, F = forbidden (403).
/// Owners and PBX admins manage their organization's PBX (and API keys, acting with owner authority); PBX users and
/// reporters do not; shared trunks and the number inventory are the platform managers'.
/// </summary>
public sealed class PbxRulesTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");

    private static Actor ActorOf(string who) => who switch
    {
        "owner" => Actor.Person(Me, false, OrgRole.Owner),
        "pbx_admin" => Actor.Person(Me, false, OrgRole.PbxAdmin),
        "pbx_user" => Actor.Person(Me, false, OrgRole.PbxUser),
        "reporter" => Actor.Person(Me, false, OrgRole.Reporter),
        "platform" => Actor.Person(Me, true, null),
        "api_key" => Actor.ApiKey(),
        _ => throw new ArgumentException(who),
    };

    private static char Code(Verdict v) => v.Outcome == Outcome.Allowed ? 'A' : v.Outcome == Outcome.Forbidden ? 'F' : '?';

    // actor: manage PBX, view SIP credentials, own trunk, shared trunk, own number, platform number, inventory, deploy now
    [Theory]
    [InlineData("owner", "AAAFAFFA")]
    [InlineData("pbx_admin", "AAAFAFFA")]
    [InlineData("pbx_user", "FFFFFFFF")]
    [InlineData("reporter", "FFFFFFFF")]
    [InlineData("platform", "AAAAAAAA")]
    [InlineData("api_key", "AAAFAFFA")]
    public void Grid(string actor, string expected)
    {
        var a = ActorOf(actor);
        var cells = new[]
        {
            AccessRules.ManagePbx(a),
            AccessRules.ViewSipCredentials(a),
            AccessRules.ManageTrunk(a, shared: false),
            AccessRules.ManageTrunk(a, shared: true),
            AccessRules.ManageNumber(a, platformNumber: false),
            AccessRules.ManageNumber(a, platformNumber: true),
            AccessRules.ManageNumberInventory(a),
            AccessRules.DeployConfiguration(a),
        };
        Assert.Equal(expected, new string(cells.Select(Code).ToArray()));
    }

    [Fact]
    public void RefusalsSayWhy()
    {
        Assert.Equal(AccessRules.OnlyPbxAdmins, AccessRules.ManagePbx(ActorOf("pbx_user")).Message);
        Assert.Equal(AccessRules.OnlySharedTrunks, AccessRules.ManageTrunk(ActorOf("owner"), shared: true).Message);
        Assert.Equal(AccessRules.PlatformNumbers, AccessRules.ManageNumber(ActorOf("pbx_admin"), platformNumber: true).Message);
        Assert.Equal(AccessRules.OnlyNumberInventory, AccessRules.ManageNumberInventory(ActorOf("api_key")).Message);
        Assert.Equal(AccessRules.OnlyPbxAdmins, AccessRules.ManageNumber(ActorOf("reporter"), platformNumber: false).Message);
    }

    // Numbers, trunks and queues against their limits: the refusal carries the limit and the current count (403 body).
    [Theory]
    [InlineData("numbers", 5, 4, 'A')]
    [InlineData("numbers", 5, 5, 'F')]
    [InlineData("trunks", 0, 0, 'F')]
    [InlineData("queues", 3, 2, 'A')]
    public void Limits(string what, int limit, int current, char expected)
    {
        var verdict = AccessRules.WithinLimit(what, limit, current);
        Assert.Equal(expected, Code(verdict));
        if (expected == 'F')
        {
            Assert.Equal(limit, verdict.Data!["limit"]);
            Assert.Equal(current, verdict.Data!["current"]);
        }
    }
}
