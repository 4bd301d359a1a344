using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain.Organizations;

namespace Opbx.Domain.People;

/// <summary>
/// Substring search over account names and emails. Three characters or more go through the FTS5 trigram index
/// (table AccountSearch, kept by triggers); shorter text falls back to LIKE, which is cheap when it matches many
/// accounts, as short text does.
/// </summary>
public static class AccountSearch
{
    public static IQueryable<Account> Matching(OpbxDb db, string text)
    {
        text = text.Trim();
        if (text.Length < 3)
        {
            var like = $"%{OrganizationService.Like(text)}%";
            return db.Users.AsNoTracking().Where(a => EF.Functions.Like(a.Name, like, "\\") || EF.Functions.Like(a.Email!, like, "\\"));
        }
        var phrase = "\"" + text.Replace("\"", "\"\"") + "\"";
        // By rowid, the key the index shares with Accounts: no join back through the Id column.
        return db.Users.FromSql($"SELECT * FROM Accounts WHERE rowid IN (SELECT rowid FROM AccountSearch WHERE AccountSearch MATCH {phrase})")
            .AsNoTracking();
    }
}
