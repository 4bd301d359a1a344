using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>
/// The whole grid of SPEC §2 for organization members: every actor × every kind of target × every action,
/// with the expected verdict of each cell written out below. Each cell runs as its own test case.
/// A = allowed, F = forbidden (403), C = conflict (409), - = does not arise.
/// </summary>
public sealed class MemberRulesMatrixTests
{
    // Targets: a member with that role (the organization has two active owners); "last_owner" is the only active
    // owner; "self" is the actor's own membership; "shared_user" is a PBX user who also belongs to an organization
    // the actor does not administer. "activate" acts on an inactive member of that kind. "name" renames the person: the name
    // belongs to the whole account, so renaming someone shared with another organization follows the e-mail/password rule.
    private const string Grid = """
        actor      target       ->owner ->pbx_admin ->pbx_user ->reporter activate deactivate delete email password  name
        owner      owner           A        A          A          A          A        A        A      A     A     A
        owner      pbx_admin       A        A          A          A          A        A        A      A     A     A
        owner      pbx_user        A        A          A          A          A        A        A      A     A     A
        owner      reporter        A        A          A          A          A        A        A      A     A     A
        owner      last_owner      A        C          C          C          -        C        C      A     A     A
        owner      self            F        F          F          F          -        F        F      A     A     A
        owner      shared_user     A        A          A          A          A        A        A      F     F     F
        pbx_admin  owner           F        F          F          F          F        F        F      F     F     F
        pbx_admin  pbx_admin       F        F          F          F          F        F        F      F     F     F
        pbx_admin  pbx_user        F        F          A          A          A        A        A      A     A     A
        pbx_admin  reporter        F        F          A          A          A        A        A      A     A     A
        pbx_admin  last_owner      F        F          F          F          -        F        F      F     F     F
        pbx_admin  self            F        F          F          F          -        F        F      A     A     A
        pbx_admin  shared_user     F        F          A          A          A        A        A      F     F     F
        pbx_user   owner           F        F          F          F          F        F        F      F     F     F
        pbx_user   pbx_admin       F        F          F          F          F        F        F      F     F     F
        pbx_user   pbx_user        F        F          F          F          F        F        F      F     F     F
        pbx_user   reporter        F        F          F          F          F        F        F      F     F     F
        pbx_user   last_owner      F        F          F          F          -        F        F      F     F     F
        pbx_user   self            F        F          F          F          -        F        F      A     A     A
        reporter   owner           F        F          F          F          F        F        F      F     F     F
        reporter   pbx_admin       F        F          F          F          F        F        F      F     F     F
        reporter   pbx_user        F        F          F          F          F        F        F      F     F     F
        reporter   reporter        F        F          F          F          F        F        F      F     F     F
        reporter   last_owner      F        F          F          F          -        F        F      F     F     F
        reporter   self            F        F          F          F          -        F        F      A     A     A
        platform   owner           A        A          A          A          A        A        A      A     A     A
        platform   pbx_admin       A        A          A          A          A        A        A      A     A     A
        platform   pbx_user        A        A          A          A          A        A        A      A     A     A
        platform   reporter        A        A          A          A          A        A        A      A     A     A
        platform   last_owner      A        C          C          C          -        C        C      A     A     A
        platform   self            F        F          F          F          -        F        F      A     A     A
        platform   shared_user     A        A          A          A          A        A        A      A     A     A
        api_key    owner           A        A          A          A          A        A        A      A     A     A
        api_key    pbx_user        A        A          A          A          A        A        A      A     A     A
        api_key    last_owner      A        C          C          C          -        C        C      A     A     A
        api_key    shared_user     A        A          A          A          A        A        A      F     F     F
        """;

    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Other = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid ThisOrganization = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid ElsewhereOrganization = Guid.Parse("00000000-0000-0000-0000-0000000000c2");

    public static TheoryData<string, string, string, char> Cells()
    {
        var data = new TheoryData<string, string, string, char>();
        var lines = Grid.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var actions = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[2..];
        foreach (var line in lines[1..])
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(actions.Length + 2, cells.Length);
            for (var i = 0; i < actions.Length; i++)
            {
                var expected = cells[i + 2][0];
                if (expected != '-') data.Add(cells[0], cells[1], actions[i], expected);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Cell(string actor, string target, string action, char expected)
    {
        var verdict = Decide(ActorOf(actor), target, action);
        Assert.True(expected == Code(verdict), $"{actor} → {target} → {action}: expected {expected}, got {Code(verdict)} ({verdict.Message})");
        if (expected != 'A') Assert.False(string.IsNullOrWhiteSpace(verdict.Message), "a refusal says why");
    }

    [Fact]
    public void TheGridCoversEveryActorAndEveryAction()
    {
        var cells = Cells().Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToList();
        foreach (var actor in new[] { "owner", "pbx_admin", "pbx_user", "reporter", "platform", "api_key" })
        {
            Assert.Contains(cells, c => c.Item1 == actor);
        }
        foreach (var target in new[] { "owner", "pbx_admin", "pbx_user", "reporter", "last_owner", "self" })
        {
            Assert.Equal(5, cells.Where(c => c.Item2 == target).Select(c => c.Item1).Distinct().Count(a => a != "api_key"));
        }
    }

    [Fact]
    public void DeletingTheLastOwnerFailsWithTheExactMessageWhoeverAsks()
    {
        foreach (var actor in new[] { "owner", "platform", "api_key" })
        {
            var verdict = Decide(ActorOf(actor), "last_owner", "delete");
            Assert.Equal(Outcome.Conflict, verdict.Outcome);
            Assert.Equal("Cannot delete the last owner in the organization.", verdict.Message);
        }
    }

    private static Verdict Decide(Actor actor, string target, string action)
    {
        var self = target == "self";
        var role = target switch
        {
            "self" => actor.Role ?? OrgRole.Owner,
            "last_owner" => OrgRole.Owner,
            "shared_user" => OrgRole.PbxUser,
            _ => Role(target),
        };
        var activeOwners = target == "last_owner" ? 1 : 2;
        var status = action == "activate" ? MembershipStatus.Inactive : MembershipStatus.Active;
        var facts = new MemberFacts(self ? Me : Other, role, status);
        IReadOnlyCollection<Guid> targetOrganizations = target == "shared_user" ? [ThisOrganization, ElsewhereOrganization] : [ThisOrganization];
        IReadOnlyCollection<Guid> administered = AccessRules.Administers(actor) ? [ThisOrganization] : [];

        return action switch
        {
            ['-', '>', .. var newRole] => AccessRules.ChangeRole(actor, facts, Role(newRole), activeOwners),
            "activate" => AccessRules.SetStatus(actor, facts, MembershipStatus.Active, activeOwners),
            "deactivate" => AccessRules.SetStatus(actor, facts, MembershipStatus.Inactive, activeOwners),
            "delete" => AccessRules.DeleteMember(actor, facts, activeOwners),
            "email" or "password" or "name" => AccessRules.ChangeCredentials(actor, facts, targetOrganizations, administered),
            _ => throw new ArgumentException(action),
        };
    }

    private static Actor ActorOf(string who) => who switch
    {
        "owner" => Actor.Person(Me, false, OrgRole.Owner),
        "pbx_admin" => Actor.Person(Me, false, OrgRole.PbxAdmin),
        "pbx_user" => Actor.Person(Me, false, OrgRole.PbxUser),
        "reporter" => Actor.Person(Me, false, OrgRole.Reporter),
        // A platform manager who is also an owner of this organization (the "self" row needs a membership).
        "platform" => Actor.Person(Me, true, OrgRole.Owner),
        "api_key" => Actor.ApiKey(),
        _ => throw new ArgumentException(who),
    };

    private static OrgRole Role(string name) => Names.TryParseRole(name, out var role) ? role : throw new ArgumentException(name);

    private static char Code(Verdict v) => v.Outcome switch
    {
        Outcome.Allowed => 'A',
        Outcome.Forbidden => 'F',
        Outcome.Conflict => 'C',
        _ => 'N',
    };
}
