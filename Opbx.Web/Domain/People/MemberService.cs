using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Calls;
using Opbx.Domain.Audit;
using Opbx.Domain.Organizations;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

/// <summary>
/// Members of the current organization (TenantContext): the one door both the UI and the API go through.
/// Every write takes the database's write lock first (<see cref="WriteTransaction"/>), then loads the member and decides the
/// rules (last owner, seats, free extension, unique e-mail) on what it read under that lock, so two requests at once can
/// never both pass a check that only one of them may pass. A member removed by a request that held the lock first is
/// "not found" to the one that waited.
/// </summary>
public sealed class MemberService(OpbxDb db, UserManager<Account> users, Invitations invitations, SipCredentials credentials, NumberPlan numbers,
    AuditActor audit, TimeProvider clock)
{
    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");

    public async Task<Paged<MemberRow>> ListAsync(MemberListQuery q, CancellationToken ct = default) =>
        await ListAsync(q, CountedByStatusAlone(q) ? await CountsAsync(ct) : null, ct);

    /// <summary>The members list and the seats in use, for the members page: the organization's counters are read once for both.</summary>
    public async Task<(Paged<MemberRow> Page, SeatUsage Seats)> ListWithSeatsAsync(MemberListQuery q, CancellationToken ct = default)
    {
        var counts = await CountsAsync(ct);
        return (await ListAsync(q, counts, ct), counts.Seats);
    }

    private async Task<Paged<MemberRow>> ListAsync(MemberListQuery q, MemberCounts? counts, CancellationToken ct)
    {
        var query = await FilteredAsync(q, counts, ct);
        var size = Math.Clamp(q.PageSize, 1, 200);
        var page = Paged<MemberRow>.PageWithin(q.Page, size);
        // The page's rows are looked up by key alone: the keys come from the organization's own (filtered) list just above.
        // With the organization's filter as well, SQLite walks every member of a large organization through the
        // organization's index (its statistics average over organizations of ~100) instead of the page's 25 keys.
        var rows = CountedByStatusAlone(q) && q is { Status: { } status, Sort: "name", Descending: false }
            ? await PageReader.ReadAsync((skip, take) => IdsByName.Run(db, status, skip, take), ids => RowsOf.Run(db, ids), r => r.Id, page, size, ct)
            : await PageReader.ReadAsync(Ordered(query, q).Select(m => m.Id), ids => RowsOf.Run(db, ids), r => r.Id, page, size, ct);
        var total = CountedByStatusAlone(q) && counts is { } c ? c.Of(q.Status)
            : PageReader.TotalShownBy(page, size, rows.Count) ?? await query.CountAsync(ct);
        return new Paged<MemberRow>(rows, total, page, size);
    }

    // A list filtered by status alone is counted from the organization's trigger-kept member counts (counting the index of
    // 5,000 members on every page view costs a millisecond of the database); a search or a role is counted by the query.
    private static bool CountedByStatusAlone(MemberListQuery q) => string.IsNullOrWhiteSpace(q.Search) && q.Role is null;

    private sealed record MemberCounts(int All, int Active, int Limit)
    {
        public SeatUsage Seats => new(Active, Limit);

        public int Of(MembershipStatus? status) => status switch
        {
            MembershipStatus.Active => Active,
            MembershipStatus.Inactive => All - Active,
            _ => All,
        };
    }

    private async Task<MemberCounts> CountsAsync(CancellationToken ct) => await Counts.Run(db, OrganizationId).FirstAsync(ct);

    private static readonly CompiledQuery<Guid, MemberCounts> Counts = new((db, id) => db.Organizations.Where(o => o.Id == id)
        .Select(o => new MemberCounts(EF.Property<int>(o, OpbxDb.MemberCountColumn), EF.Property<int>(o, OpbxDb.ActiveMemberCountColumn), o.MaxUsers)));

    /// <summary>Every member the query matches, in its order, streamed (CSV export).</summary>
    public async IAsyncEnumerable<MemberRow> AllAsync(MemberListQuery q, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var row in Rows(Ordered(await FilteredAsync(q, null, ct), q)).AsAsyncEnumerable().WithCancellation(ct)) yield return row;
    }

    private async Task<IQueryable<Membership>> FilteredAsync(MemberListQuery q, MemberCounts? counts, CancellationToken ct)
    {
        var query = string.IsNullOrWhiteSpace(q.Search) ? db.Memberships : await SearchedAsync(q.Search, counts ?? await CountsAsync(ct), ct);
        query = query.AsNoTracking();
        if (q.Status is { } status) query = query.Where(m => m.Status == status);
        if (q.Role is { } role) query = query.Where(m => m.Role == role);
        return query;
    }

    /// <summary>An organization this large looks a search up in the accounts' trigram index first.</summary>
    private const int IndexedSearchFrom = 2000;

    /// <summary>
    /// Members whose name or e-mail contains <paramref name="text"/>. Within one organization a scan of its members' name
    /// and e-mail copies (case-insensitive for ASCII) is cheap up to a few thousand members; in a larger one a search that
    /// the accounts' trigram index matches a few times is looked up from those matches instead ("staff00424" among 5,000
    /// members: 0.05 ms against 0.8 ms of scan), and one that matches many is scanned.
    /// </summary>
    private async Task<IQueryable<Membership>> SearchedAsync(string text, MemberCounts counts, CancellationToken ct)
    {
        if (counts.All >= IndexedSearchFrom && (await AccountSearch.RunAsync(db, text, ct)).FewMembers(db, counts.All) is { } few)
            return few;
        var like = LikePattern.Containing(text);
        return db.Memberships.Where(m => EF.Functions.Like(EF.Property<string>(m, OpbxDb.AccountNameColumn), like, LikePattern.Escape)
            || EF.Functions.Like(EF.Property<string>(m, OpbxDb.AccountEmailColumn), like, LikePattern.Escape));
    }

    // Name, email and extension number come from the members' own copies, so sorting never joins; ties break on the name, then the id.
    private static readonly Expression<Func<Membership, string>> ByName = m => EF.Property<string>(m, OpbxDb.AccountNameColumn);
    private static readonly Expression<Func<Membership, string>> ByEmail = m => EF.Property<string>(m, OpbxDb.AccountEmailColumn);
    private static readonly Expression<Func<Membership, string?>> ByExtension = m => EF.Property<string?>(m, OpbxDb.ExtensionNumberColumn);

    // The list as it opens (active or inactive members by name, no search or role): the same statement as Filtered and
    // Ordered build for it, compiled, since it is the one most pages show.
    private static readonly CompiledQuery<MembershipStatus, int, int, Guid> IdsByName = new((db, status, skip, take) =>
        db.Memberships.Where(m => m.Status == status).OrderBy(ByName).ThenBy(m => m.Id).Select(m => m.Id).Skip(skip).Take(take));

    private static IQueryable<Membership> Ordered(IQueryable<Membership> query, MemberListQuery q) => (q.Sort, q.Descending) switch
    {
        ("email", false) => query.OrderBy(ByEmail).ThenBy(m => m.Id),
        ("email", true) => query.OrderByDescending(ByEmail).ThenBy(m => m.Id),
        ("role", false) => query.OrderBy(m => m.Role).ThenBy(ByName).ThenBy(m => m.Id),
        ("role", true) => query.OrderByDescending(m => m.Role).ThenBy(ByName).ThenBy(m => m.Id),
        ("extension", false) => query.OrderBy(ByExtension).ThenBy(ByName).ThenBy(m => m.Id),
        ("extension", true) => query.OrderByDescending(ByExtension).ThenBy(ByName).ThenBy(m => m.Id),
        ("last_login", false) => query.OrderBy(m => m.Account!.LastLoginAt).ThenBy(ByName).ThenBy(m => m.Id),
        ("last_login", true) => query.OrderByDescending(m => m.Account!.LastLoginAt).ThenBy(ByName).ThenBy(m => m.Id),
        (_, true) => query.OrderByDescending(ByName).ThenByDescending(m => m.Id),
        _ => query.OrderBy(ByName).ThenBy(m => m.Id),
    };

    private static readonly Expression<Func<Membership, MemberRow>> Row = LiveExtension.Inline(m => new MemberRow(m.Id, m.AccountId,
        m.Account!.Name, m.Account.Email ?? "", m.Role, m.Status, m.Extension!.Number, LiveExtension.Of(m),
        m.Account.LastLoginAt, m.DeleteOn, m.Account.IsActive, m.Account.PasswordHash != null, m.InvitedAt));

    private static IQueryable<MemberRow> Rows(IQueryable<Membership> query) => query.Select(Row);

    private static readonly CompiledQuery<List<Guid>, MemberRow> RowsOf = new((db, ids) =>
        db.Memberships.IgnoreQueryFilters().AsNoTracking().Where(m => ids.Contains(m.Id)).Select(Row));

    public async Task<MemberRow> GetRowAsync(Guid membershipId, CancellationToken ct = default) =>
        await Rows(db.Memberships.AsNoTracking().Where(m => m.Id == membershipId)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Member");

    /// <summary>What <paramref name="actor"/> may do to each of <paramref name="rows"/>, for the list to offer only that.</summary>
    public async Task<IReadOnlyDictionary<Guid, MemberOffer>> OffersAsync(Actor actor, IEnumerable<MemberRow> rows, CancellationToken ct = default)
    {
        var activeOwners = await db.ActiveOwnersAsync(OrganizationId, ct);
        return rows.ToDictionary(r => r.Id, r => AccessRules.OfferFor(actor, r.Facts, activeOwners));
    }

    /// <summary>What <paramref name="actor"/> may do to one member, including changing their email and password.</summary>
    public async Task<(MemberOffer Offer, Verdict Credentials)> OfferAsync(Actor actor, Guid membershipId, CancellationToken ct = default)
    {
        var membership = await LoadAsync(membershipId, ct);
        var offer = AccessRules.OfferFor(actor, Facts(membership), await db.ActiveOwnersAsync(membership.OrganizationId, ct));
        return (offer, await CredentialsVerdictAsync(actor, membership, ct));
    }

    public async Task<SeatUsage> SeatsAsync(CancellationToken ct = default) => (await CountsAsync(ct)).Seats;

    public async Task<Membership> AddAsync(Actor actor, NewMember input, CancellationToken ct = default)
    {
        Membership membership;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            membership = await AddWithinAsync(actor, input, passwordOrInvitation: true, ct);
            await tx.CommitAsync(ct);
        }
        if (input.SendInvitation) await invitations.SendAsync(membership, ct);
        return membership;
    }

    /// <summary>A platform manager adds a person to the organization they chose, which becomes the current one for this scope.</summary>
    public Task<Membership> AddToAsync(Guid organizationId, Actor actor, NewMember input, CancellationToken ct = default)
    {
        db.Tenant.Enter(organizationId);
        return AddAsync(actor, input, ct);
    }

    /// <summary>
    /// Adds a member inside the caller's write transaction and saves, without sending the invitation (the caller sends it
    /// with <see cref="Invitations.SendAsync"/> once committed). The CSV import adds every row of a file through here, so a
    /// rule for a new member is written once. <paramref name="passwordOrInvitation"/>: the person must get one of the two
    /// now (a form or the API); an import may leave them to be invited later.
    /// </summary>
    internal async Task<Membership> AddWithinAsync(Actor actor, NewMember input, bool passwordOrInvitation, CancellationToken ct)
    {
        var organizationId = OrganizationId;
        var errors = new FieldErrors();
        var name = SingleLineText.Clean(input.Name, errors, nameof(NewMember.Name));
        var email = input.Email?.Trim() ?? "";
        if (name.Length is < 1 or > 100) errors.Add(nameof(NewMember.Name), "Enter a name of 1 to 100 characters.");
        if (!EmailAddress.IsValid(email)) errors.Add(nameof(NewMember.Email), "Enter a valid email address, like ana@example.com.");
        if (!Names.TryParseRole(input.Role, out var role))
            errors.Add(nameof(NewMember.Role), "Choose a role: owner, pbx_admin, pbx_user or reporter (lower case).");
        var extension = string.IsNullOrWhiteSpace(input.Extension) ? null : input.Extension.Trim();
        if (extension is not null && !ExtensionNumber.TryParse(extension, out _))
            errors.Add(nameof(NewMember.Extension), ExtensionRule);
        if (passwordOrInvitation && !input.SendInvitation && string.IsNullOrEmpty(input.Password))
            errors.Add(nameof(NewMember.Password), "Enter a password, or choose to send an invitation.");
        if (!string.IsNullOrEmpty(input.Password)) await CheckPasswordAsync(input.Password, errors);
        errors.ThrowIfAny();

        AccessRules.AddMember(actor, role).ThrowIfDenied();

        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct) ?? throw new NotFoundException("Organization");
        var account = await users.FindByEmailAsync(email);
        if (account is not null && await db.Memberships.AnyAsync(m => m.AccountId == account.Id, ct))
            throw new RuleViolationException(Verdict.Conflict($"{email} is already a member of this organization."), "Email");
        var activeMembers = await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active, ct);
        AccessRules.WithinLimit("users", organization.MaxUsers, activeMembers).ThrowIfDenied();
        if (extension is not null) await EnsureExtensionFreeAsync(extension, null, nameof(NewMember.Extension), ct);

        if (account is null)
        {
            account = new Account
            {
                Name = name,
                Email = email,
                UserName = email,
                EmailConfirmed = true,
                CreatedAt = clock.GetUtcNow(),
                DefaultOrganizationId = organizationId,
                MustChangePassword = input.MustChangePassword
            };
            var result = string.IsNullOrEmpty(input.Password)
                ? await users.CreateAsync(account)
                : await users.CreateAsync(account, input.Password);
            if (!result.Succeeded) throw IdentityErrors(result);
        }

        var membership = new Membership
        {
            OrganizationId = organizationId,
            AccountId = account.Id,
            Account = account,
            Role = role,
            CreatedAt = clock.GetUtcNow(),
        };
        membership.Organization = organization;
        if (input.SendInvitation) invitations.Stamp(membership, account);
        db.Memberships.Add(membership);
        if (extension is not null)
        {
            // An unassigned extension keeps its settings and is handed to the new member, as on a member's edit (a second row
            // with its number would break the unique index: a 500).
            var unassigned = await db.Extensions.FirstOrDefaultAsync(x => x.Number == extension && x.MembershipId == null, ct);
            if (unassigned is null) AssignExtension(membership, extension, name);
            else
            {
                unassigned.MembershipId = membership.Id;
                unassigned.DisplayName = name;
            }
        }
        await db.SaveChangesAsync(ct);
        return membership;
    }

    /// <summary>Changes any of name, email, role, status and extension, each checked against the rules; all or nothing.</summary>
    public async Task<Membership> UpdateAsync(Actor actor, Guid membershipId, MemberUpdate update, CancellationToken ct = default)
    {
        var errors = new FieldErrors();

        var name = update.Name is null ? null : SingleLineText.Clean(update.Name, errors, nameof(MemberUpdate.Name));
        if (name is not null && name.Length is < 1 or > 100) errors.Add(nameof(MemberUpdate.Name), "Enter a name of 1 to 100 characters.");
        string? email = update.Email?.Trim();
        if (email is not null && !EmailAddress.IsValid(email)) errors.Add(nameof(MemberUpdate.Email), "Enter a valid email address, like ana@example.com.");
        OrgRole? role = null;
        if (update.Role is not null)
        {
            if (Names.TryParseRole(update.Role, out var r)) role = r;
            else errors.Add(nameof(MemberUpdate.Role), "Choose a role: owner, pbx_admin, pbx_user or reporter (lower case).");
        }
        MembershipStatus? status = null;
        if (update.Status is not null)
        {
            if (Names.TryParseMembershipStatus(update.Status, out var s)) status = s;
            else errors.Add(nameof(MemberUpdate.Status), "Choose a status: active or inactive (lower case).");
        }
        var extension = update.Extension?.Trim();
        if (!string.IsNullOrEmpty(extension) && !ExtensionNumber.TryParse(extension, out _))
            errors.Add(nameof(MemberUpdate.Extension), ExtensionRule);
        errors.ThrowIfAny();

        await using var tx = await db.BeginWriteAsync(ct);
        var membership = await LoadAsync(membershipId, ct);
        var account = membership.Account!;
        var facts = Facts(membership);
        var activeOwners = await db.ActiveOwnersAsync(membership.OrganizationId, ct);
        if (role is { } newRole && newRole != membership.Role) AccessRules.ChangeRole(actor, facts, newRole, activeOwners).ThrowIfDenied();
        if (status is { } newStatus && newStatus != membership.Status) AccessRules.SetStatus(actor, facts, newStatus, activeOwners).ThrowIfDenied();
        if (extension is not null) AccessRules.EditMember(actor, facts).ThrowIfDenied();
        var nameChanges = name is not null && name != account.Name;
        var emailChanges = email is not null && !string.Equals(email, account.Email, StringComparison.Ordinal);
        if (nameChanges || emailChanges) await GuardCredentialsAsync(actor, membership, ct);

        if (status == MembershipStatus.Active && membership.Status == MembershipStatus.Inactive)
        {
            var limit = await db.Organizations.Where(o => o.Id == membership.OrganizationId).Select(o => o.MaxUsers).FirstAsync(ct);
            AccessRules.WithinLimit("users", limit, await db.Memberships.CountAsync(m => m.Status == MembershipStatus.Active, ct)).ThrowIfDenied();
        }
        if (name is not null) account.Name = name;
        if (role is not null) membership.Role = role.Value;
        if (status is not null && status != membership.Status)
        {
            membership.Status = status.Value;
            // Reactivating cancels a scheduled deletion; either way the person's sessions are re-checked.
            if (status == MembershipStatus.Active) membership.DeleteOn = null;
            account.EndSessions();
        }
        if (emailChanges)
        {
            var other = await users.FindByEmailAsync(email!);
            if (other is not null && other.Id != account.Id) throw new RuleViolationException(Verdict.Conflict($"Another account already uses {email}."), "Email");
            account.Email = email;
            account.UserName = email;
            account.NormalizedEmail = users.NormalizeEmail(email);
            account.NormalizedUserName = users.NormalizeName(email);
            account.EndSessions();
        }
        if (extension is not null) await SetExtensionAsync(membership, extension, account.Name, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return membership;
    }

    /// <summary>
    /// Sends the invitation again (or for the first time, to someone added without one) with a fresh link, to a member
    /// whose account has no password yet.
    /// </summary>
    public async Task ResendInvitationAsync(Actor actor, Guid membershipId, CancellationToken ct = default)
    {
        Membership membership;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            membership = await LoadAsync(membershipId, ct);
            AccessRules.EditMember(actor, Facts(membership)).ThrowIfDenied();
            if (membership.Account!.PasswordHash is not null)
                throw new RuleViolationException(Verdict.Conflict($"{membership.Account.Name} has already chosen a password; there is nothing to accept."));
            if (membership.Status != MembershipStatus.Active)
                throw new RuleViolationException(Verdict.Conflict($"{membership.Account.Name} is inactive; activate them before inviting them."));
            invitations.Stamp(membership, membership.Account);
            audit.Describe("membership", "invitation_sent");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await invitations.SendAsync(membership, ct);
    }

    /// <summary>"Deactivate now, delete later": deactivates and sets the day the nightly job deletes the member (null: keep).</summary>
    public async Task ScheduleDeletionAsync(Actor actor, Guid membershipId, DateOnly? deleteOn, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (deleteOn is { } day && day <= today) throw new ValidationException("DeleteOn", "Choose a day after today.");
        await using var tx = await db.BeginWriteAsync(ct);
        var membership = await LoadAsync(membershipId, ct);
        var activeOwners = await db.ActiveOwnersAsync(membership.OrganizationId, ct);
        AccessRules.SetStatus(actor, Facts(membership), MembershipStatus.Inactive, activeOwners).ThrowIfDenied();
        AccessRules.DeleteMember(actor, Facts(membership), activeOwners).ThrowIfDenied();
        if (membership.Status == MembershipStatus.Active) membership.Account!.EndSessions();
        membership.Status = MembershipStatus.Inactive;
        membership.DeleteOn = deleteOn;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task ResetPasswordAsync(Actor actor, Guid membershipId, string password, bool mustChange, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var membership = await LoadAsync(membershipId, ct);
        await GuardCredentialsAsync(actor, membership, ct);
        await PasswordReset.SetAsync(users, membership.Account!, password, mustChange);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Removes the membership: the extension is unassigned, the seat freed, call records lose the person's name and email,
    /// and an account left with no membership (platform managers aside) is removed. Audit entries stay.
    /// </summary>
    public async Task DeleteAsync(Actor actor, Guid membershipId, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var membership = await LoadAsync(membershipId, ct);
        AccessRules.DeleteMember(actor, Facts(membership), await db.ActiveOwnersAsync(membership.OrganizationId, ct)).ThrowIfDenied();
        await RemoveAsync(membership, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Activates, deactivates or deletes several members, each checked on its own; one audit entry each.</summary>
    public async Task<IReadOnlyList<BulkResult>> BulkAsync(Actor actor, IReadOnlyCollection<Guid> membershipIds, string action, CancellationToken ct = default)
    {
        if (action is not ("activate" or "deactivate" or "delete")) throw new ValidationException("Action", "Choose activate, deactivate or delete.");
        if (membershipIds.Count == 0) throw new ValidationException("Selected", "Select at least one user.");
        if (membershipIds.Count > 500) throw new ValidationException("Selected", "Select at most 500 users at a time.");
        var results = new List<BulkResult>();
        foreach (var id in membershipIds.Distinct())
        {
            var name = await db.Memberships.Where(m => m.Id == id).Select(m => m.Account!.Name).FirstOrDefaultAsync(ct);
            if (name is null)
            {
                results.Add(new BulkResult(id, "(unknown)", false, "Not found in this organization."));
                continue;
            }
            try
            {
                switch (action)
                {
                    case "delete":
                        await DeleteAsync(actor, id, ct);
                        break;
                    default:
                        await UpdateAsync(actor, id, new MemberUpdate { Status = action == "activate" ? "active" : "inactive" }, ct);
                        break;
                }
                results.Add(new BulkResult(id, name, true, action switch { "delete" => "Deleted.", "activate" => "Activated.", _ => "Deactivated." }));
            }
            catch (Exception e) when (e is RuleViolationException or ValidationException or NotFoundException)
            {
                results.Add(new BulkResult(id, name, false, e.Message));
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return results;
    }

    /// <summary>Nightly: deletes members whose deletion day has come and who are still inactive.</summary>
    public async Task<int> DeleteScheduledAsync(DateOnly today, CancellationToken ct = default)
    {
        var due = await db.Memberships.Where(Due(today)).Select(m => m.Id).ToListAsync(ct);
        var deleted = 0;
        foreach (var id in due)
        {
            // Checked again under the write lock: someone may have reactivated the member since the list was read.
            await using var tx = await db.BeginWriteAsync(ct);
            var membership = await db.Memberships.Include(m => m.Account).Where(Due(today)).FirstOrDefaultAsync(m => m.Id == id, ct);
            if (membership is null) continue;
            await RemoveAsync(membership, ct);
            await tx.CommitAsync(ct);
            deleted++;
        }
        return deleted;
    }

    private static Expression<Func<Membership, bool>> Due(DateOnly today) =>
        m => m.DeleteOn != null && m.DeleteOn <= today && m.Status == MembershipStatus.Inactive;

    private async Task RemoveAsync(Membership membership, CancellationToken ct)
    {
        var anonymized = await CallRecordNames.ForgetAsync(db.CallRecords, id => id == membership.Id, ct);
        // The bulk update passes the change tracker: the audit log gets its count with the save below.
        if (anonymized > 0)
        {
            audit.RecordEffect(AuditCatalogue.CallRecordsAnonymized, "membership", membership.Id.ToString(), membership.Account!.AuditName,
                membership.OrganizationId, new Dictionary<string, int> { ["call_record"] = anonymized },
                $"Removed {membership.Account.Name}'s name and e-mail from {Counted(anonymized, "call record", "call records")}.");
        }
        var extension = await db.Extensions.FirstOrDefaultAsync(x => x.MembershipId == membership.Id, ct);
        if (extension is not null)
        {
            // The extension stays, unassigned; it leaves ring groups and queues, and the person's phone loses its login.
            Unassign(extension);
            db.RingGroupMembers.RemoveRange(await db.RingGroupMembers.Include(m => m.RingGroup).Include(m => m.Extension)
                .Where(m => m.ExtensionId == extension.Id).ToListAsync(ct));
            db.QueueMembers.RemoveRange(await db.QueueMembers.Include(m => m.Queue).Include(m => m.Extension)
                .Where(m => m.ExtensionId == extension.Id).ToListAsync(ct));
        }
        var account = membership.Account!;
        db.Memberships.Remove(membership);
        // The account stays signed in nowhere else in this organization; its sessions are re-checked.
        account.EndSessions();
        if (account.DefaultOrganizationId == membership.OrganizationId) account.DefaultOrganizationId = null;
        await db.SaveChangesAsync(ct);
        var remaining = await db.Memberships.IgnoreQueryFilters().AnyAsync(m => m.AccountId == account.Id, ct);
        if (!remaining && !account.IsPlatformManager)
        {
            await AccountService.RecordCascadeAsync(db, audit, account, ct);
            db.Users.Remove(account);
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<Membership> LoadAsync(Guid membershipId, CancellationToken ct) =>
        await db.Memberships.Include(m => m.Account).FirstOrDefaultAsync(m => m.Id == membershipId, ct) ?? throw new NotFoundException("Member");

    private static MemberFacts Facts(Membership m) => new(m.AccountId, m.Role, m.Account!.IsActive ? m.Status : MembershipStatus.Inactive);

    /// <summary>Name, email and password belong to the whole account: the actor must administer every organization it is in.</summary>
    private async Task GuardCredentialsAsync(Actor actor, Membership membership, CancellationToken ct) =>
        (await CredentialsVerdictAsync(actor, membership, ct)).ThrowIfDenied();

    private async Task<Verdict> CredentialsVerdictAsync(Actor actor, Membership membership, CancellationToken ct)
    {
        var targetOrgs = await db.Memberships.IgnoreQueryFilters().Where(m => m.AccountId == membership.AccountId)
            .Select(m => m.OrganizationId).ToListAsync(ct);
        return AccessRules.ChangeCredentials(actor, Facts(membership), targetOrgs, await AdministeredAsync(actor, membership.OrganizationId, ct));
    }

    /// <summary>The organizations the actor administers: a person's as owner or PBX admin; an API key's own organization.</summary>
    internal static async Task<List<Guid>> AdministeredAsync(OpbxDb db, Actor actor, Guid organizationId, CancellationToken ct) =>
        actor.AccountId is { } me
            ? await db.Memberships.IgnoreQueryFilters()
                .Where(m => m.AccountId == me && m.Status == MembershipStatus.Active && (m.Role == OrgRole.Owner || m.Role == OrgRole.PbxAdmin))
                .Select(m => m.OrganizationId).ToListAsync(ct)
            : [organizationId];

    private Task<List<Guid>> AdministeredAsync(Actor actor, Guid organizationId, CancellationToken ct) => AdministeredAsync(db, actor, organizationId, ct);

    private async Task SetExtensionAsync(Membership membership, string number, string displayName, CancellationToken ct)
    {
        var current = await db.Extensions.FirstOrDefaultAsync(x => x.MembershipId == membership.Id, ct);
        if (number.Length == 0)
        {
            if (current is not null) Unassign(current);
            return;
        }
        if (current?.Number == number) return;
        var existing = await db.Extensions.FirstOrDefaultAsync(x => x.Number == number, ct);
        if (existing is not null && existing.MembershipId is not null && existing.MembershipId != membership.Id)
            throw new ValidationException(nameof(MemberUpdate.Extension), $"Extension {number} is already taken in this organization.");
        await numbers.EnsureFreeAsync(number, null, nameof(MemberUpdate.Extension), extensions: false, ct);
        if (current is not null) Unassign(current);
        if (existing is not null)
        {
            // An unassigned extension keeps its settings and is handed to this member.
            existing.MembershipId = membership.Id;
            existing.DisplayName = displayName;
        }
        else
        {
            if (current is not null) await db.SaveChangesAsync(ct); // free the one-extension-per-member index first
            AssignExtension(membership, number, displayName);
        }
    }

    private void AssignExtension(Membership membership, string number, string displayName)
    {
        var extension = new Extension
        {
            OrganizationId = membership.OrganizationId,
            Number = number,
            DisplayName = displayName,
            MembershipId = membership.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        credentials.Issue(extension);
        db.Extensions.Add(extension);
    }

    /// <summary>The extension goes back to the organization with a new SIP password: whoever held it can no longer register.</summary>
    private void Unassign(Extension extension)
    {
        extension.MembershipId = null;
        credentials.Rotate(extension);
    }

    private async Task EnsureExtensionFreeAsync(string number, Guid? membershipId, string field, CancellationToken ct)
    {
        if (await db.Extensions.AnyAsync(x => x.Number == number && x.MembershipId != null && x.MembershipId != membershipId, ct))
            throw new ValidationException(field, $"Extension {number} is already taken in this organization.");
        await numbers.EnsureFreeAsync(number, null, field, extensions: false, ct);
    }

    /// <summary>Identity's password rules, checked with the other fields so every problem is reported at once.</summary>
    private async Task CheckPasswordAsync(string password, FieldErrors errors)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, null!, password);
            foreach (var e in result.Errors) errors.Add(nameof(NewMember.Password), e.Description);
        }
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

    internal static string Counted(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    internal const string ExtensionRule = "An extension is 2 to 6 digits, like 101.";
}
