namespace Opbx.Domain.Rules;

/// <summary>The facts about a membership that the rules look at.</summary>
public sealed record MemberFacts(Guid AccountId, OrgRole Role, MembershipStatus Status);
