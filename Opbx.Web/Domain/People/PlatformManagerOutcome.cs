namespace Opbx.Domain.People;

/// <summary>What <see cref="AccountService.PromoteToPlatformManagerAsync"/> found and did.</summary>
public sealed record PlatformManagerOutcome(Account Account, bool Created, bool WasPlatformManager, bool Reactivated, bool HadPassword, bool PasswordSet);
