using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Opbx.Data;
using Opbx.Email;

namespace Opbx.Domain.People;

/// <summary>
/// Invitation e-mails: a new account gets a one-time link (valid <see cref="InvitationLinks.ValidFor"/>) that sets its password;
/// an existing account is told it was added to another organization. The membership remembers when the pending
/// invitation went out (<see cref="Membership.InvitedAt"/>), so lists can say "Invited · sent 2 days ago".
/// </summary>
public sealed class Invitations(OpbxDb db, UserManager<Account> users, Mailer mailer, AuditActor audit, TimeProvider clock, IOptions<OpbxOptions> options,
    PublicAddress address)
{
    /// <summary>Marks <paramref name="membership"/> as invited now when its account still has to choose a password (the caller saves).</summary>
    public void Stamp(Membership membership, Account account)
    {
        if (account.PasswordHash is null) membership.InvitedAt = clock.GetUtcNow();
    }

    /// <summary>Queues the e-mail for a membership already saved (and stamped, if its account has no password yet).</summary>
    public async Task SendAsync(Membership membership, CancellationToken ct = default)
    {
        var account = membership.Account ?? await db.Users.FirstAsync(a => a.Id == membership.AccountId, ct);
        var organization = membership.Organization ?? await db.Organizations.FirstAsync(o => o.Id == membership.OrganizationId, ct);
        // The e-mail names the person who acted; the API or a job is nobody in particular, and the e-mail then says so.
        var inviter = audit.AccountId is { } id && id != account.Id
            ? await db.Users.Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(ct)
            : null;
        var baseUrl = address.BaseUrl;
        var model = new Dictionary<string, object?>
        {
            ["name"] = account.Name,
            ["organization"] = organization.Name,
            ["role"] = Names.Label(membership.Role),
            ["inviter"] = inviter,
            ["provider"] = options.Value.ProviderName,
            ["validDays"] = (int)InvitationLinks.ValidFor.TotalDays,
        };
        if (account.PasswordHash is null)
        {
            model["link"] = $"{baseUrl}{await AcceptPathAsync(account, organization.Id)}";
            await mailer.QueueAsync(account.Email!, "invitation", model, ct);
        }
        else
        {
            model["link"] = $"{baseUrl}/Identity/Account/Login";
            await mailer.QueueAsync(account.Email!, "added", model, ct);
        }
    }

    /// <summary>
    /// The account an invitation link names, with the organization's name, while the invitation is open: the account is a
    /// member of that organization and has no password yet. Null otherwise.
    /// </summary>
    public async Task<(Account Account, string Organization)?> PendingAsync(Guid accountId, Guid organizationId, CancellationToken ct = default)
    {
        var account = await users.FindByIdAsync(accountId.ToString());
        var organization = await db.Memberships.IgnoreQueryFilters().Where(m => m.AccountId == accountId && m.OrganizationId == organizationId)
            .Select(m => m.Organization!.Name).FirstOrDefaultAsync(ct);
        if (account is null || organization is null || account.PasswordHash is not null) return null;
        return (account, organization);
    }

    public async Task<string> AcceptPathAsync(Account account, Guid organizationId)
    {
        var token = await users.GenerateUserTokenAsync(account, InvitationLinks.Provider, InvitationLinks.Purpose);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return $"/invite?account={account.Id}&org={organizationId}&code={code}";
    }

    /// <summary>Whether the link's code is a live invitation for this account (its own provider, seven days, once).</summary>
    public Task<bool> IsValidAsync(Account account, string token) =>
        users.VerifyUserTokenAsync(account, InvitationLinks.Provider, InvitationLinks.Purpose, token);

    public static string DecodeCode(string code) => Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
}
