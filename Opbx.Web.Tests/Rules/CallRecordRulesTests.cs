using Opbx.Domain;
using Opbx.Domain.Rules;

namespace Opbx.Tests.Rules;

/// <summary>Who reads which call records, and when numbers are masked: every actor, every cell written out.</summary>
public sealed class CallRecordRulesTests
{
    private static readonly Guid Me = Guid.Parse("00000000-0000-0000-0000-00000000000a");

    private static Actor ActorOf(string who) => who switch
    {
        "owner" => Actor.Person(Me, false, OrgRole.Owner),
        "pbx_admin" => Actor.Person(Me, false, OrgRole.PbxAdmin),
        "pbx_user" => Actor.Person(Me, false, OrgRole.PbxUser),
        "reporter" => Actor.Person(Me, false, OrgRole.Reporter),
        "platform" => Actor.Person(Me, true, null),
        "platform_reporter" => Actor.Person(Me, true, OrgRole.Reporter),
        "stranger" => Actor.Person(Me, false, null),
        "api_key" => Actor.ApiKey(),
        _ => throw new ArgumentException(who),
    };

    [Theory]
    [InlineData("owner", CallRecordScope.Organization)]
    [InlineData("pbx_admin", CallRecordScope.Organization)]
    [InlineData("reporter", CallRecordScope.Organization)]
    [InlineData("platform", CallRecordScope.Organization)]
    [InlineData("api_key", CallRecordScope.Organization)]
    [InlineData("pbx_user", CallRecordScope.Own)]
    [InlineData("stranger", CallRecordScope.None)]
    public void Who_reads_which_call_records(string who, CallRecordScope expected) =>
        Assert.Equal(expected, AccessRules.CallRecordsOf(ActorOf(who)));

    // actor, pii_masking, leaves Opbx (CSV or API), masked?
    [Theory]
    [InlineData("reporter", true, false, true)]
    [InlineData("reporter", false, false, false)]
    [InlineData("reporter", true, true, true)]
    [InlineData("owner", true, false, false)]
    [InlineData("owner", true, true, true)]
    [InlineData("owner", false, true, false)]
    [InlineData("pbx_admin", true, false, false)]
    [InlineData("pbx_admin", true, true, true)]
    [InlineData("pbx_user", true, false, false)]
    [InlineData("pbx_user", true, true, true)]
    [InlineData("platform", true, false, false)]
    [InlineData("platform_reporter", true, false, false)]
    [InlineData("platform", true, true, true)]
    [InlineData("api_key", true, true, true)]
    [InlineData("api_key", false, true, false)]
    public void Numbers_are_masked_for_reporters_and_in_everything_that_leaves_Opbx(string who, bool piiMasking, bool leavesOpbx, bool masked) =>
        Assert.Equal(masked, AccessRules.MasksCallNumbers(ActorOf(who), piiMasking, leavesOpbx));
}
