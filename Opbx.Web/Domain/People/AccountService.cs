using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Calls;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

/// <summary>
/// Platform managers' operations on accounts across organizations, and a person's own profile (SPEC §1, §2, §4). Each
/// write takes the write lock (<see cref="WriteTransaction"/>) before it reads what its rules decide on (the last
/// platform manager, a free e-mail).
/// </summary>
public sealed class AccountService(OpbxDb db, UserManager<Account> users, AuditActor audit, TimeProvider clock)
{
    public async Task<Paged<AccountRow>> ListAsync(AccountListQuery q, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        var size = Math.Clamp(q.PageSize, 1, 200);
        var page = Paged<AccountRow>.PageWithin(q.Page, size);
        var filtered = q.Active is not null || q.PlatformManager is not null || q.OrganizationId is not null;
        IQueryable<Account> Filtered(IQueryable<Account> query)
        {
            if (q.Active is { } active) query = query.Where(a => a.IsActive == active);
            if (q.PlatformManager is { } pm) query = query.Where(a => a.IsPlatformManager == pm);
            if (q.OrganizationId is { } org) query = query.Where(a => a.Memberships.Any(m => m.OrganizationId == org));
            return query;
        }

        IQueryable<Account> query;
        int? total = null;
        var counted = true;
        if (string.IsNullOrWhiteSpace(q.Search))
        {
            query = Filtered(db.Users.AsNoTracking());
            if (q.OrganizationId is null) total = await TallyAsync(q, ct);
        }
        else
        {
            var search = await AccountSearch.RunAsync(db, q.Search, ct);
            var accounts = await TallyAsync(new AccountListQuery(), ct);
            AccountSearch.Plan? plan = null;
            if (!search.Many)
            {
                if (!filtered) total = search.Matches;
            }
            else if (!filtered)
            {
                (total, counted) = (AccountSearch.FewMatches, false);
            }
            else
            {
                // Filters over many matches: count the filtered ones up to a few, looking each match up (a count in name
                // order would check every account: 0.8 s for "ana" among the active); a few are sorted.
                var few = await Filtered(search.Matching(db, AccountSearch.Plan.Lookup)).Take(AccountSearch.FewMatches + 1).CountAsync(ct);
                if (few <= AccountSearch.FewMatches) (total, plan) = (few, search.ChooseAmongMany(few, accounts, page * size, q.Active is not null));
                else (total, counted) = (AccountSearch.FewMatches, false);
            }
            plan ??= await search.ChooseAsync(db, accounts, page * size + (counted ? 0 : 1), q.Active is not null, ct);
            query = Filtered(search.Matching(db, plan.Value));
        }
        total ??= await query.CountAsync(ct);

        // An uncounted list reads one row more, to know whether a next page follows.
        var skip = (page - 1) * size;
        var take = counted ? size : size + 1;
        var rows = string.IsNullOrWhiteSpace(q.Search) && !filtered
            ? await ByName.Run(db, skip, take).ToListAsync(ct)
            : await query.OrderBy(a => a.Name).ThenBy(a => a.Id).Skip(skip).Take(take).Select(Listed).ToListAsync(ct);
        var hasNext = rows.Count > size;
        if (hasNext) rows.RemoveAt(size);
        // A second, keyed query for the page's memberships: joining them into the paged query makes SQLite sort every membership.
        var memberships = (await MembershipsOf.Run(db, rows.Select(r => r.Id).ToList()).ToListAsync(ct))
            .ToLookup(m => m.AccountId, m => m.Row);
        return new Paged<AccountRow>(
            rows.Select(r => new AccountRow(r.Id, r.Name, r.Email ?? "", r.IsActive, r.IsPlatformManager, r.LastLoginAt,
                memberships[r.Id].OrderBy(m => m.Organization).ToList(), r.HasPassword)).ToList(),
            total.Value, page, size) { Uncounted = !counted, HasNext = hasNext };
    }

    private sealed record ListedAccount(Guid Id, string Name, string? Email, bool IsActive, bool IsPlatformManager, DateTimeOffset? LastLoginAt, bool HasPassword);

    private sealed record ListedMembership(Guid AccountId, AccountMembershipRow Row);

    private static readonly Expression<Func<Account, ListedAccount>> Listed = a =>
        new ListedAccount(a.Id, a.Name, a.Email, a.IsActive, a.IsPlatformManager, a.LastLoginAt, a.PasswordHash != null);

    // The list as it opens (no search, no filter) is the one most pages show: its page, its tally and the page's
    // memberships are compiled statements, the same ones the filtered list builds.
    private static readonly CompiledQuery<int, int, ListedAccount> ByName = new((db, skip, take) =>
        db.Users.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id).Skip(skip).Take(take).Select(Listed));

    private static readonly CompiledQuery<List<Guid>, ListedMembership> MembershipsOf = new((db, ids) =>
        db.Memberships.AsNoTracking().Where(m => ids.Contains(m.AccountId))
            .Select(m => new ListedMembership(m.AccountId, new AccountMembershipRow(m.OrganizationId, m.Organization!.Name, m.Role, m.Status, m.InvitedAt))));

    private static readonly CompiledQuery<AccountTally> Tallies = new(db => db.AccountTally.AsNoTracking());

    /// <summary>How many accounts have the given active and platform-manager flags, from the trigger-kept tally (four rows).</summary>
    private async Task<int> TallyAsync(AccountListQuery q, CancellationToken ct)
    {
        var total = 0;
        await foreach (var t in Tallies.Run(db).WithCancellation(ct))
        {
            if ((q.Active is not { } active || t.IsActive == active) && (q.PlatformManager is not { } pm || t.IsPlatformManager == pm)) total += t.Count;
        }
        return total;
    }

    public async Task<Account> GetAsync(Guid id, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Users.Include(a => a.Memberships).ThenInclude(m => m.Organization).AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("Account");
    }

    /// <summary>What <paramref name="actor"/> may do to the account, for its page to offer only that.</summary>
    public async Task<AccountOffer> OfferAsync(Actor actor, Account account, CancellationToken ct = default) =>
        AccessRules.OfferFor(actor, await db.FactsAsync(account, ct), await db.ActivePlatformManagersAsync(ct));

    public async Task UpdateProfileAsync(Actor actor, Guid id, string name, string email, string? phone, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        var errors = new FieldErrors();
        name = CheckNameAndPhone(name, phone, errors);
        email = email?.Trim() ?? "";
        if (!EmailAddress.IsValid(email)) errors.Add("Email", "Enter a valid email address, like ana@example.com.");
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("Account");
        await EnsureEmailFreeAsync(email, id);
        account.Name = name;
        account.PhoneNumber = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (!string.Equals(account.Email, email, StringComparison.OrdinalIgnoreCase) || account.Email != email)
        {
            account.Email = email;
            account.UserName = email;
            await users.UpdateNormalizedEmailAsync(account);
            await users.UpdateNormalizedUserNameAsync(account);
            account.EndSessions();
        }
        var result = await users.UpdateAsync(account);
        if (!result.Succeeded) throw MemberService.IdentityErrors(result);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A person's own profile: name, phone and the organization that opens after sign-in (one they may use). The sign-in
    /// e-mail is not theirs to change here: an administrator of every organization they belong to, or a platform manager,
    /// changes it (SPEC §2), so that one tenant cannot take over a login another tenant shares.
    /// </summary>
    public async Task UpdateOwnProfileAsync(Guid accountId, string name, string? phone, Guid? defaultOrganizationId, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        name = CheckNameAndPhone(name, phone, errors);
        errors.ThrowIfAny();
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByIdAsync(accountId.ToString()) ?? throw new NotFoundException("Account");
        account.Name = name;
        account.PhoneNumber = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (defaultOrganizationId is { } chosen && await db.Memberships.Include(m => m.Organization)
                .Where(m => m.AccountId == accountId && m.OrganizationId == chosen).ToListAsync(ct) is var found && found.Any(SignInPolicy.Usable))
            account.DefaultOrganizationId = chosen;
        var result = await users.UpdateAsync(account);
        if (!result.Succeeded) throw MemberService.IdentityErrors(result);
        await tx.CommitAsync(ct);
    }

    private static string CheckNameAndPhone(string name, string? phone, FieldErrors errors)
    {
        name = SingleLineText.Clean(name, errors, "Name");
        if (name.Length is < 1 or > 100) errors.Add("Name", "Enter a name of 1 to 100 characters.");
        if (!string.IsNullOrWhiteSpace(phone) && !PhoneNumber.IsValid(phone)) errors.Add("Phone", "Enter a phone number of digits, spaces, +, - or parentheses.");
        return name;
    }

    public async Task SetActiveAsync(Actor actor, Guid id, bool active, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("Account");
        if (account.IsActive == active) return;
        if (!active)
        {
            AccessRules.DeactivateAccount(actor, await db.FactsAsync(account, ct), await db.ActivePlatformManagersAsync(ct)).ThrowIfDenied();
        }
        else
        {
            AccessRules.ManagePlatform(actor).ThrowIfDenied();
        }
        account.IsActive = active;
        account.EndSessions();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetPlatformManagerAsync(Actor actor, Guid id, bool platformManager, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("Account");
        if (account.IsPlatformManager == platformManager) return;
        if (platformManager)
        {
            AccessRules.ManagePlatform(actor).ThrowIfDenied();
            if (!account.IsActive) throw new RuleViolationException(Verdict.Conflict("Activate the account before making it a platform manager."));
        }
        else
        {
            AccessRules.RevokePlatformManager(actor, await db.FactsAsync(account, ct), await db.ActivePlatformManagersAsync(ct)).ThrowIfDenied();
        }
        account.IsPlatformManager = platformManager;
        account.EndSessions();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task ResetPasswordAsync(Actor actor, Guid id, string password, bool mustChange, CancellationToken ct = default)
    {
        AccessRules.ManagePlatform(actor).ThrowIfDenied();
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("Account");
        await PasswordReset.SetAsync(users, account, password, mustChange);
        await tx.CommitAsync(ct);
    }

    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("Account");
        AccessRules.DeleteAccount(actor, await db.FactsAsync(account, ct), await db.ActivePlatformManagersAsync(ct)).ThrowIfDenied();
        await ForgetInCallRecordsAsync(account, ct);
        // The memberships are removed through the change tracker rather than by the cascade, so each organization's own
        // log says its member was deleted; what else goes with the account (sessions, tokens) is counted.
        db.Memberships.RemoveRange(await db.Memberships.Where(m => m.AccountId == id).ToListAsync(ct));
        await RecordCascadeAsync(db, audit, account, ct);
        db.Users.Remove(account);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Call records stay, but a deleted person's name and email are removed from them; each organization's log gets the count.</summary>
    private async Task ForgetInCallRecordsAsync(Account account, CancellationToken ct)
    {
        var memberships = db.Memberships.IgnoreQueryFilters().Where(m => m.AccountId == account.Id).Select(m => (Guid?)m.Id);
        var byOrganization = await db.CallRecords.IgnoreQueryFilters()
            .Where(c => memberships.Contains(c.MembershipId) || memberships.Contains(c.CalleeMembershipId))
            .GroupBy(c => c.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        await CallRecordNames.ForgetAsync(db.CallRecords.IgnoreQueryFilters(), id => memberships.Contains(id), ct);
        foreach (var organization in byOrganization)
        {
            audit.RecordEffect(AuditCatalogue.CallRecordsAnonymized, "account", account.Id.ToString(), account.AuditName, organization.Key,
                new Dictionary<string, int> { ["call_record"] = organization.Count },
                $"Removed {account.Name}'s name and e-mail from {MemberService.Counted(organization.Count, "call record", "call records")}.");
        }
    }

    /// <summary>Counts what the database's cascades will remove with <paramref name="account"/> and records it (before the save that deletes it).</summary>
    internal static async Task RecordCascadeAsync(OpbxDb db, AuditActor audit, Account account, CancellationToken ct)
    {
        var counts = await CascadeCount.OfAsync<Account>(db, account.Id, ct);
        if (counts.Count == 0) return;
        audit.RecordEffect(AuditCatalogue.AccountCascade, "account", account.Id.ToString(), account.AuditName, null, counts,
            "Deleted with the account: " + string.Join(", ", counts.Select(c => $"{c.Value} {AuditCatalogue.TargetLabel(c.Key).ToLowerInvariant()}")) + ".");
    }

    /// <summary>Creates or promotes a platform manager: first-run bootstrap, the setup page and the command line.</summary>
    /// <summary>Whether anyone runs the platform yet (first-run setup is offered until someone does).</summary>
    public Task<bool> AnyPlatformManagerAsync(CancellationToken ct = default) => db.Users.AnyAsync(a => a.IsPlatformManager, ct);

    /// <summary>The number of the person's extension in each organization that gives them one.</summary>
    public async Task<Dictionary<Guid, string>> ExtensionsAsync(Guid accountId, CancellationToken ct = default)
    {
        using var _ = db.Tenant.AcrossOrganizations();
        return await db.Extensions.AsNoTracking().Where(x => x.Membership != null && x.Membership.AccountId == accountId)
            .ToDictionaryAsync(x => x.OrganizationId, x => x.Number, ct);
    }

    public async Task<Account> EnsurePlatformManagerAsync(string email, string name, string? password, CancellationToken ct = default) =>
        (await PromoteToPlatformManagerAsync(email, name, password, ct)).Account;

    /// <summary>
    /// Creates or promotes a platform manager and says what it found and what it changed, so the command line can tell the
    /// operator the truth about an account that already existed (its password above all).
    /// </summary>
    public async Task<PlatformManagerOutcome> PromoteToPlatformManagerAsync(string email, string name, string? password, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (!EmailAddress.IsValid(email)) errors.Add("Email", "Enter a valid email address.");
        name = SingleLineText.Clean(name, errors, "Name");
        if (name.Length is < 1 or > 100) errors.Add("Name", "Enter a name of 1 to 100 characters.");
        errors.ThrowIfAny();
        await using var tx = await db.BeginWriteAsync(ct);
        var account = await users.FindByEmailAsync(email.Trim());
        var created = account is null;
        var before = account is null ? null : new { account.IsPlatformManager, account.IsActive, HadPassword = account.PasswordHash is not null };
        if (account is null)
        {
            account = new Account { Name = name.Trim(), Email = email.Trim(), UserName = email.Trim(), EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
            var result = password is null ? await users.CreateAsync(account) : await users.CreateAsync(account, password);
            if (!result.Succeeded) throw MemberService.IdentityErrors(result);
        }
        else if (password is not null)
        {
            await PasswordReset.SetAsync(users, account, password, mustChange: null);
        }
        account.IsPlatformManager = true;
        account.IsActive = true;
        await users.UpdateAsync(account);
        await tx.CommitAsync(ct);
        return new PlatformManagerOutcome(account, created, before?.IsPlatformManager ?? false, before is { IsActive: false },
            before?.HadPassword ?? false, password is not null);
    }

    private async Task EnsureEmailFreeAsync(string email, Guid except)
    {
        var other = await users.FindByEmailAsync(email);
        if (other is not null && other.Id != except)
            throw new RuleViolationException(Verdict.Conflict($"Another account already uses {email}."), "Email");
    }
}
