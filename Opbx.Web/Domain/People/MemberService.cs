using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

/// <summary>Members of the current organization (TenantContext): the door both the UI and the API go through.</summary>
public sealed partial class MemberService(OpbxDb db, UserManager<Account> users, Invitations invitations, AuditActor audit, TimeProvider clock)
{
    public async Task<Membership> AddAsync(Actor actor, NewMember input, CancellationToken ct = default)
    {
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");
        var errors = new FieldErrors();
        var name = input.Name?.Trim() ?? "";
        var email = input.Email?.Trim() ?? "";
        if (name.Length is < 1 or > 100) errors.Add(nameof(NewMember.Name), "Enter a name of 1 to 100 characters.");
        if (!EmailAddress.IsValid(email)) errors.Add(nameof(NewMember.Email), "Enter a valid email address, like ana@example.com.");
        if (!Names.TryParseRole(input.Role, out var role))
            errors.Add(nameof(NewMember.Role), "Choose a role: owner, pbx_admin, pbx_user or reporter (lower case).");
        var extension = string.IsNullOrWhiteSpace(input.Extension) ? null : input.Extension.Trim();
        if (extension is not null && !ExtensionPattern().IsMatch(extension))
            errors.Add(nameof(NewMember.Extension), "An extension is 2 to 8 digits, like 101.");
        if (!input.SendInvitation && string.IsNullOrEmpty(input.Password))
            errors.Add(nameof(NewMember.Password), "Enter a password, or choose to send an invitation.");
        errors.ThrowIfAny();

        AccessRules.AddMember(actor, role).ThrowIfDenied();
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct) ?? throw new NotFoundException("Organization");
        var activeMembers = await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active, ct);
        AccessRules.WithinLimit("users", organization.MaxUsers, activeMembers).ThrowIfDenied();
        if (extension is not null && await db.Extensions.AnyAsync(x => x.Number == extension, ct))
            throw new ValidationException(nameof(NewMember.Extension), $"Extension {extension} is already taken in this organization.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var account = await users.FindByEmailAsync(email);
        if (account is null)
        {
            account = new Account { Name = name, Email = email, UserName = email, CreatedAt = clock.GetUtcNow(), DefaultOrganizationId = organizationId,
                MustChangePassword = input.MustChangePassword };
            var result = string.IsNullOrEmpty(input.Password)
                ? await users.CreateAsync(account)
                : await users.CreateAsync(account, input.Password);
            if (!result.Succeeded) throw IdentityErrors(result);
        }
        else if (await db.Memberships.AnyAsync(m => m.AccountId == account.Id, ct))
        {
            throw new RuleViolationException(Verdict.Conflict($"{email} is already a member of this organization."));
        }

        var membership = new Membership
        {
            OrganizationId = organizationId, AccountId = account.Id, Account = account, Role = role, CreatedAt = clock.GetUtcNow(),
        };
        db.Memberships.Add(membership);
        if (extension is not null)
        {
            db.Extensions.Add(new Extension
            {
                OrganizationId = organizationId, Number = extension, DisplayName = name, MembershipId = membership.Id,
                SipSecret = NewSipSecret(), CreatedAt = clock.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        if (input.SendInvitation) await invitations.SendAsync(account, organization, role, audit.Name, ct);
        return membership;
    }

    internal static ValidationException IdentityErrors(IdentityResult result)
    {
        var errors = new FieldErrors();
        foreach (var e in result.Errors)
        {
            var field = e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(NewMember.Password)
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(NewMember.Email)
                : "";
            errors.Add(field, e.Description);
        }
        return new ValidationException(errors.ToDictionary());
    }

    internal static string NewSipSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    [GeneratedRegex("^[0-9]{2,8}$")]
    private static partial Regex ExtensionPattern();
}
