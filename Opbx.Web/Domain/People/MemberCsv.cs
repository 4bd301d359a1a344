using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Pbx;
using Opbx.Domain.Rules;

namespace Opbx.Domain.People;

/// <summary>
/// CSV export of the users list, and CSV import (name, email, role, extension). Each row of an import is a single add
/// (<see cref="MemberService.AddWithinAsync"/>) or edit (<see cref="MemberService.UpdateAsync"/>) of the member service,
/// so seats, owners, accounts and extensions are decided by the code a single create or edit runs, and a rule added there
/// applies here. The whole file runs in one write transaction, each row behind a savepoint so a refused row is reported and
/// the next one goes on: the dry run rolls the transaction back; the apply commits only a file without errors (all or
/// nothing). Importing the same file again changes nothing.
/// </summary>
public sealed class MemberCsv(OpbxDb db, MemberService members, UserManager<Account> users, Invitations invitations)
{
    public const int MaxRows = 5_000;
    public const int MaxBytes = 2 * 1024 * 1024;
    private static readonly string[] Required = ["name", "email", "role"];
    private const string RowSavepoint = "import_row";

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

    /// <summary>The dry run: every row is applied as it would be, then everything is rolled back.</summary>
    public Task<ImportPlan> PlanAsync(Actor actor, byte[] content, CancellationToken ct = default) => RunAsync(actor, content, false, false, ct);

    /// <summary>Applies a file without errors in one transaction; a file with any error changes nothing (ValidationException).</summary>
    public async Task<ImportPlan> ApplyAsync(Actor actor, byte[] content, bool sendInvitations, CancellationToken ct = default)
    {
        var plan = await RunAsync(actor, content, true, sendInvitations, ct);
        if (!plan.CanApply)
            throw new ValidationException("File", plan.FileError ?? "The file has rows with errors; fix them and upload it again. Nothing was changed.");
        return plan;
    }

    private async Task<ImportPlan> RunAsync(Actor actor, byte[] content, bool apply, bool sendInvitations, CancellationToken ct)
    {
        var (records, fileError) = Read(content);
        if (fileError is not null) return new ImportPlan([], fileError);
        if (!AccessRules.Administers(actor)) return new ImportPlan([], AccessRules.OnlyAdmins);

        var invited = new List<Membership>();
        var rows = new List<ImportRow>(records.Count);
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("The import needs its own write transaction.");
            // What each row would change is compared with the members as they were before the file; a row's own e-mail is
            // unique in the file, so no earlier row changes what a later one is compared with.
            var existing = (await db.Memberships.AsNoTracking()
                    .Select(m => new Current(m.Id, m.Account!.NormalizedEmail!, m.Account.Name, m.Role, m.Extension!.Number)).ToListAsync(ct))
                .ToDictionary(m => m.NormalizedEmail, StringComparer.Ordinal);
            var seenEmails = new Dictionary<string, int>(StringComparer.Ordinal);
            var seenExtensions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in records)
            {
                var email = r.Email.Trim();
                var extension = string.IsNullOrWhiteSpace(r.Extension) ? null : r.Extension.Trim();
                // The name as it would be stored, so an unchanged row compares equal (an unreadable one is refused by the service).
                var name = SingleLineText.Problem(r.Name) is null ? SingleLineText.Normalize(r.Name) : r.Name.Trim();
                ImportRow Row(ImportOutcome outcome, string message) => new(r.Line, name, email, r.Role, extension, outcome, message);

                // The file against itself: the service sees one row at a time.
                var key = users.NormalizeEmail(email) ?? "";
                if (key.Length > 0 && seenEmails.TryGetValue(key, out var firstLine))
                {
                    rows.Add(Row(ImportOutcome.Error, $"The email is also on line {firstLine}."));
                    continue;
                }
                if (extension is not null && seenExtensions.TryGetValue(extension, out var extensionLine))
                {
                    rows.Add(Row(ImportOutcome.Error, $"Extension {extension} is also on line {extensionLine}."));
                    continue;
                }
                if (key.Length > 0) seenEmails[key] = r.Line;
                if (extension is not null) seenExtensions[extension] = r.Line;

                existing.TryGetValue(key, out var member);
                MemberUpdate? update = null;
                var changes = new List<string>();
                if (member is not null)
                {
                    update = new MemberUpdate();
                    if (!string.Equals(r.Role.Trim(), Names.Of(member.Role), StringComparison.Ordinal))
                    {
                        update.Role = r.Role.Trim();
                        changes.Add($"role {Names.Of(member.Role)} → {update.Role}");
                    }
                    if (name != member.Name)
                    {
                        update.Name = r.Name;
                        changes.Add($"name \"{member.Name}\" → \"{name}\"");
                    }
                    // An empty extension leaves the member's extension as it is (the file does not remove extensions).
                    if (extension is not null && extension != member.Extension)
                    {
                        update.Extension = extension;
                        changes.Add($"extension {member.Extension ?? "none"} → {extension}");
                    }
                    if (changes.Count == 0)
                    {
                        rows.Add(Row(ImportOutcome.Unchanged, "Already up to date."));
                        continue;
                    }
                }

                await transaction.CreateSavepointAsync(RowSavepoint, ct);
                try
                {
                    if (member is null)
                    {
                        var membership = await members.AddWithinAsync(actor, new NewMember
                        {
                            Name = r.Name,
                            Email = email,
                            Role = r.Role.Trim(),
                            Extension = extension,
                            SendInvitation = sendInvitations,
                        }, passwordOrInvitation: false, ct);
                        if (sendInvitations) invited.Add(membership);
                        // The same words whether or not the address already has an Opbx account: the file's author learns
                        // nothing about accounts they did not create.
                        rows.Add(Row(ImportOutcome.Create, "New member."));
                    }
                    else
                    {
                        await members.UpdateAsync(actor, member.Id, update!, ct);
                        rows.Add(Row(ImportOutcome.Update, Capitalize(string.Join("; ", changes)) + "."));
                    }
                    await transaction.ReleaseSavepointAsync(RowSavepoint, ct);
                }
                catch (Exception e) when (e is ValidationException or RuleViolationException or NotFoundException)
                {
                    await transaction.RollbackToSavepointAsync(RowSavepoint, ct);
                    rows.Add(Row(ImportOutcome.Error, e is ValidationException v ? string.Join(" ", v.Errors.Values.SelectMany(m => m)) : e.Message));
                }
                finally
                {
                    // Each row reads afresh what it decides on; nothing staged by a refused row may reach the next save.
                    db.ChangeTracker.Clear();
                }
            }
            var plan = new ImportPlan(rows, null);
            if (!apply || !plan.CanApply) return plan; // rolled back as the transaction is disposed
            await tx.CommitAsync(ct);
        }
        foreach (var membership in invited) await invitations.SendAsync(membership, ct);
        return new ImportPlan(rows, null);
    }

    /// <summary>A member as the file finds them, before any of its rows.</summary>
    private sealed record Current(Guid Id, string NormalizedEmail, string Name, OrgRole Role, string? Extension);

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
