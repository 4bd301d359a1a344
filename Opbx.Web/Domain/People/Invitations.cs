using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Opbx.Email;

namespace Opbx.Domain.People;

/// <summary>
/// Invitation e-mails: a new account gets a one-time link (valid <see cref="InvitationLinks.ValidFor"/>) that sets its password;
/// an existing account is told it was added to another organization.
/// </summary>
public sealed class Invitations(UserManager<Account> users, Mailer mailer, IOptions<OpbxOptions> options)
{
    public async Task SendAsync(Account account, Organization organization, OrgRole role, string inviter, CancellationToken ct = default)
    {
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var model = new Dictionary<string, object?>
        {
            ["name"] = account.Name,
            ["organization"] = organization.Name,
            ["role"] = Names.Label(role),
            ["inviter"] = inviter,
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
