using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// Actor × target × action, with the expected verdict of every cell written out.
/// A = allowed, F = forbidden (403), C = conflict (409).
/// </summary>
public sealed class AccessRulesTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-00000000000b");

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

    private static MemberFacts Target(string role, bool self = false, string status = "active")
    {
        Names.TryParseRole(role, out var r);
        return new MemberFacts(self ? Me : Other, r, status == "active" ? MembershipStatus.Active : MembershipStatus.Inactive);
    }

    private static char Code(Verdict v) => v.Outcome switch
    {
        Outcome.Allowed => 'A',
        Outcome.Forbidden => 'F',
        Outcome.Conflict => 'C',
        _ => 'N',
    };

    // Change role: actor, target's role, new role, active owners in the org, expected.
    [Theory]
    [InlineData("owner", "pbx_user", "owner", 1, 'A')]
    [InlineData("owner", "pbx_user", "pbx_admin", 1, 'A')]
    [InlineData("owner", "pbx_admin", "reporter", 1, 'A')]
    [InlineData("owner", "owner", "pbx_admin", 2, 'A')]
    [InlineData("owner", "owner", "pbx_admin", 1, 'C')] // the only active owner (another person: the actor is an inactive owner elsewhere) stays owner
    [InlineData("pbx_admin", "pbx_user", "reporter", 1, 'A')]
    [InlineData("pbx_admin", "reporter", "pbx_user", 1, 'A')]
    [InlineData("pbx_admin", "pbx_user", "pbx_admin", 1, 'F')]
    [InlineData("pbx_admin", "pbx_user", "owner", 1, 'F')]
    [InlineData("pbx_admin", "pbx_admin", "pbx_user", 1, 'F')]
    [InlineData("pbx_admin", "owner", "reporter", 2, 'F')]
    [InlineData("pbx_user", "reporter", "pbx_user", 1, 'F')]
    [InlineData("reporter", "pbx_user", "reporter", 1, 'F')]
    [InlineData("platform", "owner", "pbx_user", 2, 'A')]
    [InlineData("platform", "owner", "pbx_user", 1, 'C')]
    [InlineData("api_key", "pbx_user", "owner", 1, 'A')]
    [InlineData("api_key", "owner", "reporter", 1, 'C')]
    public void ChangeRole(string actor, string target, string newRole, int activeOwners, char expected)
    {
        Names.TryParseRole(newRole, out var role);
        Assert.Equal(expected, Code(AccessRules.ChangeRole(ActorOf(actor), Target(target), role, activeOwners)));
    }

    // Nobody changes their own role, whatever their standing.
    [Theory]
    [InlineData("owner", "owner", "pbx_admin")]
    [InlineData("owner", "owner", "owner")]
    [InlineData("pbx_admin", "pbx_admin", "pbx_user")]
    [InlineData("platform", "owner", "reporter")]
    public void ChangeOwnRole(string actor, string ownRole, string newRole)
    {
        Names.TryParseRole(newRole, out var role);
        var verdict = AccessRules.ChangeRole(ActorOf(actor), Target(ownRole, self: true), role, 3);
        Assert.Equal('F', Code(verdict));
        Assert.Equal(AccessRules.OwnRole, verdict.Message);
    }

    // Status: actor, target role, self, new status, active owners, expected.
    [Theory]
    [InlineData("owner", "pbx_user", false, "inactive", 1, 'A')]
    [InlineData("owner", "owner", false, "inactive", 2, 'A')]
    [InlineData("owner", "owner", false, "inactive", 1, 'C')]
    [InlineData("owner", "owner", true, "inactive", 2, 'F')]
    [InlineData("pbx_admin", "reporter", false, "inactive", 1, 'A')]
    [InlineData("pbx_admin", "pbx_admin", false, "inactive", 1, 'F')]
    [InlineData("pbx_admin", "owner", false, "inactive", 2, 'F')]
    [InlineData("pbx_admin", "pbx_user", false, "active", 1, 'A')]
    [InlineData("pbx_user", "pbx_user", false, "inactive", 1, 'F')]
    [InlineData("reporter", "reporter", false, "active", 1, 'F')]
    [InlineData("platform", "owner", false, "inactive", 1, 'C')]
    [InlineData("platform", "pbx_admin", false, "inactive", 1, 'A')]
    [InlineData("api_key", "owner", false, "inactive", 1, 'C')]
    public void SetStatus(string actor, string target, bool self, string status, int activeOwners, char expected)
    {
        var s = status == "active" ? MembershipStatus.Active : MembershipStatus.Inactive;
        Assert.Equal(expected, Code(AccessRules.SetStatus(ActorOf(actor), Target(target, self), s, activeOwners)));
    }

    // Delete: actor, target role, self, active owners, expected.
    [Theory]
    [InlineData("owner", "owner", false, 2, 'A')]
    [InlineData("owner", "pbx_admin", false, 1, 'A')]
    [InlineData("owner", "pbx_user", false, 1, 'A')]
    [InlineData("owner", "reporter", false, 1, 'A')]
    [InlineData("owner", "owner", true, 2, 'F')]
    [InlineData("pbx_admin", "pbx_user", false, 1, 'A')]
    [InlineData("pbx_admin", "reporter", false, 1, 'A')]
    [InlineData("pbx_admin", "pbx_admin", false, 1, 'F')]
    [InlineData("pbx_admin", "owner", false, 2, 'F')]
    [InlineData("pbx_admin", "pbx_admin", true, 1, 'F')]
    [InlineData("pbx_user", "reporter", false, 1, 'F')]
    [InlineData("reporter", "pbx_user", false, 1, 'F')]
    [InlineData("platform", "owner", false, 1, 'C')]
    [InlineData("platform", "owner", false, 2, 'A')]
    [InlineData("api_key", "owner", false, 1, 'C')]
    [InlineData("api_key", "pbx_admin", false, 1, 'A')]
    public void DeleteMember(string actor, string target, bool self, int activeOwners, char expected)
    {
        Assert.Equal(expected, Code(AccessRules.DeleteMember(ActorOf(actor), Target(target, self), activeOwners)));
    }

    [Fact]
    public void DeletingTheLastOwnerSaysExactlyWhy()
    {
        var verdict = AccessRules.DeleteMember(ActorOf("platform"), Target("owner"), 1);
        Assert.Equal("Cannot delete the last owner in the organization.", verdict.Message);
    }

    [Fact]
    public void AnInactiveOwnerIsNotTheLastActiveOwner()
    {
        Assert.Equal('A', Code(AccessRules.DeleteMember(ActorOf("platform"), Target("owner", status: "inactive"), 1)));
    }

    // Adding a member with a role: actor, role, expected.
    [Theory]
    [InlineData("owner", "owner", 'A')]
    [InlineData("owner", "pbx_admin", 'A')]
    [InlineData("pbx_admin", "pbx_user", 'A')]
    [InlineData("pbx_admin", "reporter", 'A')]
    [InlineData("pbx_admin", "pbx_admin", 'F')]
    [InlineData("pbx_admin", "owner", 'F')]
    [InlineData("pbx_user", "pbx_user", 'F')]
    [InlineData("reporter", "reporter", 'F')]
    [InlineData("platform", "owner", 'A')]
    public void AddMember(string actor, string role, char expected)
    {
        Names.TryParseRole(role, out var r);
        Assert.Equal(expected, Code(AccessRules.AddMember(ActorOf(actor), r)));
    }

    // Credentials of another person: actor, target role, target's organizations administered by the actor (all / some), expected.
    [Theory]
    [InlineData("owner", "pbx_user", true, 'A')]
    [InlineData("owner", "pbx_user", false, 'F')]
    [InlineData("owner", "owner", true, 'A')]
    [InlineData("pbx_admin", "reporter", true, 'A')]
    [InlineData("pbx_admin", "reporter", false, 'F')]
    [InlineData("pbx_admin", "owner", true, 'F')]
    [InlineData("pbx_user", "pbx_user", true, 'F')]
    [InlineData("platform", "pbx_user", false, 'A')]
    public void ChangeCredentials(string actor, string target, bool administersAll, char expected)
    {
        Guid orgA = Guid.NewGuid(), orgB = Guid.NewGuid();
        IReadOnlyCollection<Guid> targetOrgs = administersAll ? [orgA] : [orgA, orgB];
        Assert.Equal(expected, Code(AccessRules.ChangeCredentials(ActorOf(actor), Target(target), targetOrgs, [orgA])));
    }

    [Fact]
    public void CrossTenantCredentialChangeIsRefusedWithAReason()
    {
        var verdict = AccessRules.ChangeCredentials(ActorOf("owner"), Target("pbx_user"), [Guid.NewGuid(), Guid.NewGuid()], []);
        Assert.Equal(AccessRules.CrossTenantCredentials, verdict.Message);
    }

    // Platform manager flag and accounts: actor is platform manager?, target is PM?, self?, active PMs, expected for revoke / deactivate / delete.
    [Theory]
    [InlineData(true, true, false, 2, 'A', 'A', 'A')]
    [InlineData(true, true, false, 1, 'C', 'C', 'C')]
    [InlineData(true, true, true, 2, 'F', 'F', 'F')]   // nobody revokes their own platform manager rights (another manager can)
    [InlineData(true, true, true, 1, 'F', 'F', 'F')]
    [InlineData(true, false, false, 1, 'A', 'A', 'A')]
    [InlineData(false, true, false, 2, 'F', 'F', 'F')]
    [InlineData(false, false, false, 2, 'F', 'F', 'F')]
    public void PlatformManagerGuards(bool actorIsPm, bool targetIsPm, bool self, int activePms, char revoke, char deactivate, char delete)
    {
        var actor = Actor.Person(Me, actorIsPm, null);
        var target = new AccountFacts(self ? Me : Other, targetIsPm, true, false);
        Assert.Equal(revoke, Code(AccessRules.RevokePlatformManager(actor, target, activePms)));
        Assert.Equal(deactivate, Code(AccessRules.DeactivateAccount(actor, target, activePms)));
        Assert.Equal(delete, Code(AccessRules.DeleteAccount(actor, target, activePms)));
    }

    [Fact]
    public void AnAccountThatIsTheLastOwnerSomewhereCannotBeDeletedOrDeactivated()
    {
        var target = new AccountFacts(Other, false, true, IsLastActiveOwnerSomewhere: true);
        Assert.Equal(AccessRules.LastOwnerDelete, AccessRules.DeleteAccount(ActorOf("platform"), target, 1).Message);
        Assert.Equal('C', Code(AccessRules.DeactivateAccount(ActorOf("platform"), target, 1)));
    }

    // Limits: limit, current, expected.
    [Theory]
    [InlineData(5, 4, 'A')]
    [InlineData(5, 5, 'F')]
    [InlineData(0, 0, 'F')]
    [InlineData(1, 0, 'A')]
    public void WithinLimit(int limit, int current, char expected)
    {
        var verdict = AccessRules.WithinLimit("users", limit, current);
        Assert.Equal(expected, Code(verdict));
        if (expected == 'F')
        {
            Assert.Equal(limit, verdict.Data!["limit"]);
            Assert.Equal(current, verdict.Data!["current"]);
        }
    }

    [Theory]
    [InlineData("platform", 'A')]
    [InlineData("owner", 'F')]
    [InlineData("api_key", 'F')]
    public void ManagePlatform(string actor, char expected) => Assert.Equal(expected, Code(AccessRules.ManagePlatform(ActorOf(actor))));

    // "Run now" of retention: platform managers only, never an organization role or an organization's API key.
    [Theory]
    [InlineData("platform", 'A')]
    [InlineData("owner", 'F')]
    [InlineData("pbx_admin", 'F')]
    [InlineData("pbx_user", 'F')]
    [InlineData("reporter", 'F')]
    [InlineData("api_key", 'F')]
    public void RunRetention(string actor, char expected) => Assert.Equal(expected, Code(AccessRules.RunRetention(ActorOf(actor))));

    // Organization settings and API keys: actor, settings, keys.
    [Theory]
    [InlineData("owner", 'A', 'A')]
    [InlineData("platform", 'A', 'A')]
    [InlineData("pbx_admin", 'F', 'F')]
    [InlineData("pbx_user", 'F', 'F')]
    [InlineData("reporter", 'F', 'F')]
    [InlineData("api_key", 'A', 'F')]
    public void OrganizationSettingsAndKeys(string actor, char settings, char keys)
    {
        Assert.Equal(settings, Code(AccessRules.ManageOrganizationSettings(ActorOf(actor))));
        Assert.Equal(keys, Code(AccessRules.ManageApiKeys(ActorOf(actor))));
    }
}
