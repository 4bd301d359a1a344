namespace Opbx.Domain.Rules;

/// <summary>The facts about an account that the platform rules look at.</summary>
public sealed record AccountFacts(Guid AccountId, bool IsPlatformManager, bool IsActive, bool IsLastActiveOwnerSomewhere);
