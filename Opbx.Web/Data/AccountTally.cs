namespace Opbx.Data;

/// <summary>
/// How many accounts there are per (active, platform manager) pair, kept by triggers on Accounts (migration
/// ListCounters), so the platform users list counts 100,000 accounts without reading them. Never written by EF.
/// </summary>
public sealed class AccountTally
{
    public bool IsActive { get; set; }
    public bool IsPlatformManager { get; set; }
    public int Count { get; set; }
}
