namespace Opbx.Domain.Rules;

/// <summary>What the rules allow a platform manager to do to one account, for the account's page to offer only that.</summary>
public sealed record AccountOffer(Verdict Deactivate, Verdict RevokePlatformManager, Verdict Delete);
