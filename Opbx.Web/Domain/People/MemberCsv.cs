using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

public enum ImportOutcome { Create, Update, Unchanged, Error }

public sealed record ImportRow(int Line, string Name, string Email, string Role, string? Extension, ImportOutcome Outcome, string Message);

/// <summary>What an import would do (dry run) or did: one row per line of the file, or a reason the file cannot be read.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRow> Rows, string? FileError)
{
    public int Count(ImportOutcome outcome) => Rows.Count(r => r.Outcome == outcome);
    public bool CanApply => FileError is null && Count(ImportOutcome.Error) == 0 && Count(ImportOutcome.Create) + Count(ImportOutcome.Update) > 0;
}

/// <summary>
/// CSV export of the users list, and CSV import (name, email, role, extension): a dry run that checks every row
/// against the same rules as a single edit, then an apply in one transaction. Importing the same file again changes nothing.
/// </summary>
public sealed class MemberCsv(OpbxDb db, MemberService members, UserManager<Account> users, Invitations invitations, SipCredentials credentials,
    TimeProvider clock)
{
    public const int MaxRows = 5_000;
    public const int MaxBytes = 2 * 1024 * 1024;
    private static readonly string[] Required = ["name", "email", "role"];

    /// <summary>Writes the list as CSV with the exports' writer (<see cref="CsvExport"/>).</summary>
    public async Task ExportAsync(MemberListQuery query, CsvWriter csv, CancellationToken ct = default)
    {
        foreach (var h in new[] { "name", "email", "role", "status", "extension", "last_login" }) csv.WriteField(h);
        await csv.EndRecordAsync(ct);
        await foreach (var m in members.AllAsync(query).WithCancellation(ct))
        {
            csv.WriteField(m.Name);
            csv.WriteField(m.Email);
            csv.WriteField(Names.Of(m.Role));
            csv.WriteField(Names.Of(m.Status));
            csv.WriteField(m.Extension ?? "");
            csv.WriteField(m.LastLoginAt?.ToString("O") ?? "");
            await csv.EndRecordAsync(ct);
        }
    }

    public Task<ImportPlan> PlanAsync(Actor actor, byte[] content, CancellationToken ct = default) => PlanAsync(actor, content, null, ct);

    public async Task<ImportPlan> ApplyAsync(Actor actor, byte[] content, bool sendInvitations, CancellationToken ct = default)
    {
        // The plan is made again under the write lock: seats, owners and extensions counted are those the apply writes against.
        await using var tx = await db.BeginWriteAsync(ct);
        var created = new List<Membership>();
        var plan = await PlanAsync(actor, content, created, ct);
        if (!plan.CanApply)
            throw new ValidationException("File", plan.FileError ?? "The file has rows with errors; fix them and upload it again. Nothing was changed.");
        var invited = sendInvitations ? created.Where(m => m.Account!.PasswordHash is null).ToList() : [];
        foreach (var membership in invited) invitations.Stamp(membership, membership.Account!);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var membership in invited) await invitations.SendAsync(membership, ct);
        return plan;
    }

    /// <summary>Checks every row; with <paramref name="apply"/> set, also stages the changes in the context (the caller saves).</summary>
    private async Task<ImportPlan> PlanAsync(Actor actor, byte[] content, List<Membership>? apply, CancellationToken ct)
    {
        var (records, fileError) = Read(content);
        if (fileError is not null) return new ImportPlan([], fileError);
        if (!AccessRules.Administers(actor)) return new ImportPlan([], AccessRules.OnlyAdmins);

        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No current organization.");
        var organization = await db.Organizations.FirstAsync(o => o.Id == organizationId, ct);
        var existing = await db.Memberships.Include(m => m.Account).Include(m => m.Extension).AsSplitQuery().ToListAsync(ct);
        var byEmail = existing.ToDictionary(m => m.Account!.NormalizedEmail!, StringComparer.Ordinal);
        var extensions = await db.Extensions.ToDictionaryAsync(x => x.Number, ct);
        // Ring groups, queues and emergency numbers share the extensions' number space.
        var otherNumbers = (await db.RingGroups.Select(g => g.Number).ToListAsync(ct))
            .Concat(await db.Queues.Select(q => q.Number).ToListAsync(ct))
            .Concat(await db.EmergencyNumbers.Select(n => n.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var normalized = records.Select(r => users.NormalizeEmail(r.Email.Trim())).Where(e => e is not null).Distinct().ToList();
        var accounts = await db.Users.Where(a => normalized.Contains(a.NormalizedEmail!)).ToDictionaryAsync(a => a.NormalizedEmail!, ct);
        var activeOwners = existing.Count(m => m.Role == OrgRole.Owner && m.Status == MembershipStatus.Active && m.Account!.IsActive);
        var seatsFree = organization.MaxUsers - existing.Count(m => m.Status == MembershipStatus.Active);
        // Renaming a person who also belongs elsewhere needs the same standing as changing their e-mail: their other
        // organizations, read in one go for the whole organization.
        var elsewhere = (await (from here in db.Memberships
                    join other in db.Memberships.IgnoreQueryFilters() on here.AccountId equals other.AccountId
                    where other.OrganizationId != organizationId
                    select new { other.AccountId, other.OrganizationId }).ToListAsync(ct))
            .ToLookup(m => m.AccountId, m => m.OrganizationId);
        List<Guid>? administered = null;
        var seenEmails = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenExtensions = new Dictionary<string, int>(StringComparer.Ordinal);

        var rows = new List<ImportRow>(records.Count);
        foreach (var r in records)
        {
            var textProblem = SingleLineText.Problem(r.Name);
            var name = textProblem is null ? SingleLineText.Normalize(r.Name) : r.Name.Trim();
            var email = r.Email.Trim();
            var extension = string.IsNullOrWhiteSpace(r.Extension) ? null : r.Extension.Trim();
            ImportRow Row(ImportOutcome outcome, string message) => new(r.Line, name, email, r.Role, extension, outcome, message);

            var problems = new List<string>();
            if (textProblem is not null) problems.Add("the name must be one line of text, without line breaks or other control characters");
            else if (name.Length is < 1 or > 100) problems.Add("the name must be 1 to 100 characters");
            if (!EmailAddress.IsValid(email)) problems.Add($"\"{email}\" is not a valid email address");
            if (!Names.TryParseRole(r.Role.Trim(), out var role)) problems.Add($"\"{r.Role}\" is not a role (owner, pbx_admin, pbx_user or reporter, lower case)");
            if (extension is not null && !ExtensionNumber.TryParse(extension, out _)) problems.Add($"extension \"{extension}\" must be 2 to 6 digits");
            else if (extension is not null && otherNumbers.Contains(extension)) problems.Add($"{extension} is already a ring group, queue or emergency number");
            var key = users.NormalizeEmail(email) ?? "";
            if (problems.Count == 0 && seenEmails.TryGetValue(key, out var firstLine)) problems.Add($"the email is also on line {firstLine}");
            if (problems.Count == 0 && extension is not null && seenExtensions.TryGetValue(extension, out var extLine)) problems.Add($"extension {extension} is also on line {extLine}");
            if (problems.Count > 0)
            {
                rows.Add(Row(ImportOutcome.Error, Capitalize(string.Join("; ", problems)) + "."));
                continue;
            }
            seenEmails[key] = r.Line;
            if (extension is not null) seenExtensions[extension] = r.Line;

            byEmail.TryGetValue(key, out var member);
            if (extension is not null && extensions.TryGetValue(extension, out var taken) && taken.MembershipId is not null && taken.MembershipId != member?.Id)
            {
                rows.Add(Row(ImportOutcome.Error, $"Extension {extension} belongs to another member."));
                continue;
            }

            if (member is null)
            {
                var verdict = AccessRules.AddMember(actor, role);
                if (!verdict.IsAllowed)
                {
                    rows.Add(Row(ImportOutcome.Error, verdict.Message));
                    continue;
                }
                if (seatsFree <= 0)
                {
                    rows.Add(Row(ImportOutcome.Error, $"No seat left: the organization's limit is {organization.MaxUsers} active users."));
                    continue;
                }
                seatsFree--;
                accounts.TryGetValue(key, out var account);
                // The same words whether or not the address already has an Opbx account: the file's author learns nothing
                // about accounts they did not create.
                rows.Add(Row(ImportOutcome.Create, "New member."));
                if (apply is not null)
                {
                    account ??= NewAccount(name, email, organizationId);
                    var membership = new Membership { OrganizationId = organizationId, AccountId = account.Id, Account = account, Role = role, CreatedAt = clock.GetUtcNow() };
                    db.Memberships.Add(membership);
                    if (extension is not null) StageExtension(extensions, extension, membership, name, organizationId);
                    apply.Add(membership);
                }
                continue;
            }

            var changes = new List<string>();
            var facts = new MemberFacts(member.AccountId, member.Role, member.Account!.IsActive ? member.Status : MembershipStatus.Inactive);
            if (role != member.Role)
            {
                var verdict = AccessRules.ChangeRole(actor, facts, role, activeOwners);
                if (!verdict.IsAllowed)
                {
                    rows.Add(Row(ImportOutcome.Error, verdict.Message));
                    continue;
                }
                changes.Add($"role {Names.Of(member.Role)} → {Names.Of(role)}");
            }
            if (name != member.Account.Name)
            {
                administered ??= await MemberService.AdministeredAsync(db, actor, organizationId, ct);
                var verdict = AccessRules.ChangeCredentials(actor, facts, [organizationId, .. elsewhere[member.AccountId]], administered);
                if (!verdict.IsAllowed)
                {
                    rows.Add(Row(ImportOutcome.Error, verdict.Message));
                    continue;
                }
                changes.Add($"name \"{member.Account.Name}\" → \"{name}\"");
            }
            if (extension is not null && extension != member.Extension?.Number) changes.Add($"extension {member.Extension?.Number ?? "none"} → {extension}");
            if (changes.Count > 0 && !AccessRules.EditMember(actor, facts).IsAllowed)
            {
                rows.Add(Row(ImportOutcome.Error, AccessRules.EditMember(actor, facts).Message));
                continue;
            }
            rows.Add(changes.Count == 0 ? Row(ImportOutcome.Unchanged, "Already up to date.") : Row(ImportOutcome.Update, Capitalize(string.Join("; ", changes)) + "."));
            if (apply is not null && changes.Count > 0)
            {
                member.Role = role;
                member.Account.Name = name;
                if (extension is not null && extension != member.Extension?.Number)
                {
                    if (member.Extension is not null)
                    {
                        member.Extension.MembershipId = null;
                        credentials.Rotate(member.Extension);
                    }
                    StageExtension(extensions, extension, member, name, organizationId);
                }
            }
        }
        return new ImportPlan(rows, null);
    }

    private Account NewAccount(string name, string email, Guid organizationId) => new()
    {
        Name = name,
        Email = email,
        UserName = email,
        NormalizedEmail = users.NormalizeEmail(email),
        NormalizedUserName = users.NormalizeName(email),
        CreatedAt = clock.GetUtcNow(),
        DefaultOrganizationId = organizationId,
        LockoutEnabled = true,
        EmailConfirmed = true,
    };

    private void StageExtension(Dictionary<string, Extension> extensions, string number, Membership membership, string name, Guid organizationId)
    {
        if (extensions.TryGetValue(number, out var free))
        {
            free.MembershipId = membership.Id;
            free.DisplayName = name;
            return;
        }
        var extension = new Extension
        {
            OrganizationId = organizationId,
            Number = number,
            DisplayName = name,
            MembershipId = membership.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        credentials.Issue(extension);
        extensions[number] = extension;
        db.Extensions.Add(extension);
    }

    private sealed record Record(int Line, string Name, string Email, string Role, string? Extension);

    private static (List<Record> Records, string? Error) Read(byte[] content)
    {
        if (content.Length == 0) return ([], "The file is empty.");
        if (content.Length > MaxBytes) return ([], $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it.");
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ([], "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again.");
        }
        var records = new List<Record>();
        try
        {
            using var reader = CsvReader.FromText(text, CsvReaderOptions.Default);
            reader.ReadHeader();
            var missing = Required.Where(h => !reader.TryGetFieldIndex(h, out _)).ToList();
            if (missing.Count > 0)
                return ([], $"The file needs a header row with the columns name, email, role and (optionally) extension; missing: {string.Join(", ", missing)}.");
            reader.TryGetFieldIndex("name", out var nameIndex);
            reader.TryGetFieldIndex("email", out var emailIndex);
            reader.TryGetFieldIndex("role", out var roleIndex);
            var hasExtension = reader.TryGetFieldIndex("extension", out var extensionIndex);
            while (reader.Read())
            {
                if (records.Count == MaxRows)
                {
                    var total = MaxRows + 1;
                    while (reader.Read()) total++;
                    return ([], $"The file has {total:N0} rows; import at most {MaxRows:N0} at a time.");
                }
                records.Add(new Record(records.Count + 2, CsvExport.Unescape(reader.GetString(nameIndex)), CsvExport.Unescape(reader.GetString(emailIndex)),
                    CsvExport.Unescape(reader.GetString(roleIndex)), hasExtension ? CsvExport.Unescape(reader.GetString(extensionIndex)) : null));
            }
        }
        catch (Exception e) when (e is CsvFormatException or CsvValidationException or FormatException or InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return ([], $"The file is not a readable CSV file: {e.Message}");
        }
        return records.Count == 0 ? ([], "The file has a header but no rows.") : (records, null);
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
