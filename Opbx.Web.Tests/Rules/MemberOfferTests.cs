using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// What pages offer for a member (<see cref="AccessRules.OfferFor"/>), cell by cell, and that it always agrees with the
/// actions themselves: a control is hidden exactly when using it would be refused, with the same reason.
/// </summary>
public sealed class MemberOfferTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static readonly string[] Actors = ["owner", "pbx_admin", "pbx_user", "reporter", "platform", "api_key"];
    private static readonly string[] Targets = ["owner", "pbx_admin", "pbx_user", "reporter", "last_owner", "inactive_owner", "self"];

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

    /// <summary>The target's facts and the number of active owners in the organization.</summary>
    private static (MemberFacts Facts, int ActiveOwners) TargetOf(string target, Actor actor) => target switch
    {
        "last_owner" => (new MemberFacts(Other, OrgRole.Owner, MembershipStatus.Active), 1),
        "inactive_owner" => (new MemberFacts(Other, OrgRole.Owner, MembershipStatus.Inactive), 1),
        "self" => (new MemberFacts(Me, actor.Role ?? OrgRole.Owner, MembershipStatus.Active), 2),
        _ => (new MemberFacts(Other, Enum.Parse<OrgRole>(target.Replace("_", ""), ignoreCase: true), MembershipStatus.Active), 2),
    };

    private static char Code(Verdict v) => v.Outcome switch
    {
        Outcome.Allowed => 'A',
        Outcome.Forbidden => 'F',
        Outcome.Conflict => 'C',
        _ => 'N',
    };

    private static string Roles(IEnumerable<OrgRole> roles) => string.Join(",", roles.Select(Names.Of));

    // Actor, target, then edit / role / status / delete, and the roles a role control offers.
    [Theory]
    [InlineData("owner", "owner", "AAAA", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("owner", "pbx_admin", "AAAA", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("owner", "pbx_user", "AAAA", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("owner", "last_owner", "ACCC", "owner")]
    [InlineData("owner", "inactive_owner", "AAAA", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("owner", "self", "AFFF", "owner")]
    [InlineData("pbx_admin", "owner", "FFFF", "owner")]
    [InlineData("pbx_admin", "pbx_admin", "FFFF", "pbx_admin")]
    [InlineData("pbx_admin", "pbx_user", "AAAA", "pbx_user,reporter")]
    [InlineData("pbx_admin", "reporter", "AAAA", "pbx_user,reporter")]
    [InlineData("pbx_admin", "last_owner", "FFFF", "owner")]
    [InlineData("pbx_admin", "self", "AFFF", "pbx_admin")]
    [InlineData("pbx_user", "pbx_user", "FFFF", "pbx_user")]
    [InlineData("pbx_user", "self", "AFFF", "pbx_user")]
    [InlineData("reporter", "pbx_user", "FFFF", "pbx_user")]
    [InlineData("platform", "last_owner", "ACCC", "owner")]
    [InlineData("platform", "pbx_user", "AAAA", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("api_key", "owner", "AAAA", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("api_key", "last_owner", "ACCC", "owner")]
    public void WhatIsOffered(string actor, string target, string expected, string roles)
    {
        var a = ActorOf(actor);
        var (facts, owners) = TargetOf(target, a);
        var offer = AccessRules.OfferFor(a, facts, owners);
        Assert.Equal(expected, new string([Code(offer.Edit), Code(offer.Role), Code(offer.Status), Code(offer.Delete)]));
        Assert.Equal(roles, Roles(offer.Roles));
    }

    [Theory]
    [InlineData("owner", "owner,pbx_admin,pbx_user,reporter")]
    [InlineData("pbx_admin", "pbx_user,reporter")]
    [InlineData("pbx_user", "")]
    [InlineData("reporter", "")]
    [InlineData("platform", "owner,pbx_admin,pbx_user,reporter")]
    public void RolesANewMemberMayBeGiven(string actor, string roles) => Assert.Equal(roles, Roles(AccessRules.GrantableRoles(ActorOf(actor))));

    [Fact]
    public void WhatIsHiddenIsExactlyWhatWouldBeRefusedWithTheSameReason()
    {
        foreach (var actorName in Actors)
            foreach (var targetName in Targets)
            {
                var actor = ActorOf(actorName);
                var (facts, owners) = TargetOf(targetName, actor);
                var offer = AccessRules.OfferFor(actor, facts, owners);
                var cell = $"{actorName} → {targetName}";

                var otherRoles = Names.Roles.Where(r => r != facts.Role).Select(r => AccessRules.ChangeRole(actor, facts, r, owners)).ToList();
                Assert.True(offer.Role.IsAllowed == otherRoles.Any(v => v.IsAllowed), cell);
                if (!offer.Role.IsAllowed) Assert.Contains(offer.Role.Message, otherRoles.Select(v => v.Message));
                Assert.All(Names.Roles, r => Assert.True(offer.Roles.Contains(r) == (r == facts.Role || AccessRules.ChangeRole(actor, facts, r, owners).IsAllowed), $"{cell}: {r}"));

                var flipped = facts.Status == MembershipStatus.Active ? MembershipStatus.Inactive : MembershipStatus.Active;
                Assert.Equal(AccessRules.SetStatus(actor, facts, flipped, owners), offer.Status);
                Assert.Equal(AccessRules.DeleteMember(actor, facts, owners), offer.Delete);
                Assert.Equal(AccessRules.EditMember(actor, facts), offer.Edit);
            }
    }

    [Fact]
    public void APlatformManagerCannotRevokeTheirOwnRightsButAnotherCan()
    {
        var me = Actor.Person(Me, true, null);
        Assert.Equal(AccessRules.OwnPlatformManager, AccessRules.RevokePlatformManager(me, new AccountFacts(Me, true, true, false), 3).Message);
        Assert.True(AccessRules.RevokePlatformManager(me, new AccountFacts(Other, true, true, false), 3).IsAllowed);
    }
}
