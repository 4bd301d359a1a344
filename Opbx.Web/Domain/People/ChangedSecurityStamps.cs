namespace Opbx.Domain.People;

/// <summary>
/// The accounts saved in this scope (request, job run or command), with the security stamp they were saved with. The
/// user manager fills it; the web layer reads it to re-issue the acting person's cookie when their own stamp changed
/// (a session is checked against the stamp on every request), so the domain never reaches into the request itself.
/// </summary>
public sealed class ChangedSecurityStamps
{
    private readonly Dictionary<Guid, Account> _saved = [];

    public void Record(Account account) => _saved[account.Id] = account;

    /// <summary>The account as last saved in this scope, when it was.</summary>
    public Account? Saved(Guid accountId) => _saved.GetValueOrDefault(accountId);
}
