using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// Who hears which recording, every cell written out: Y = may open, N = may not (404). Columns: a call the actor made, a call
/// the actor took, a call between two others. Then who deletes one (owners; platform managers act with owner authority).
/// </summary>
public sealed class RecordingRulesTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Mine = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private static readonly Guid Third = Guid.Parse("00000000-0000-0000-0000-0000000000b3");

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

    // actor: made it, took it, someone else's call, someone else's call without a membership of the actor; delete
    [Theory]
    [InlineData("owner", "YYYY", 'A')]
    [InlineData("pbx_admin", "YYYY", 'F')]
    [InlineData("reporter", "YYYY", 'F')]
    [InlineData("pbx_user", "YYNN", 'F')]
    [InlineData("platform", "YYYY", 'A')]
    [InlineData("api_key", "YYYY", 'A')]
    public void Grid(string actor, string open, char delete)
    {
        var a = ActorOf(actor);
        var cells = new[]
        {
            AccessRules.MayOpenRecording(a, Mine, Mine, Other),
            AccessRules.MayOpenRecording(a, Mine, Other, Mine),
            AccessRules.MayOpenRecording(a, Mine, Other, Third),
            AccessRules.MayOpenRecording(a, null, Other, Third),
        };
        Assert.Equal(open, new string(cells.Select(c => c ? 'Y' : 'N').ToArray()));
        Assert.Equal(delete, AccessRules.DeleteRecording(a).IsAllowed ? 'A' : 'F');
    }

    [Fact]
    public void A_PBX_user_without_a_membership_or_on_a_call_without_members_opens_nothing()
    {
        var user = ActorOf("pbx_user");
        Assert.False(AccessRules.MayOpenRecording(user, null, null, null));
        Assert.False(AccessRules.MayOpenRecording(user, Mine, null, null));
    }
}
