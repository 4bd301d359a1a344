using Microsoft.EntityFrameworkCore;
using Opbx.Data;

namespace Opbx.Domain.People;

/// <summary>
/// Substring search over every account's name and email (the platform users list, and a large organization's members when
/// the text matches few accounts). Three characters or more go through the FTS5 trigram index (table AccountSearch, kept
/// by triggers, keyed by the Accounts rowid, merged nightly); shorter text falls back to LIKE, which is cheap when it
/// matches many accounts, as short text does.
/// </summary>
public sealed class AccountSearch
{
    /// <summary>Up to this many matches are read once, as rowids, and looked up directly.</summary>
    public const int FewMatches = 2000;

    private const string ByRowids = "SELECT * FROM Accounts WHERE rowid IN (SELECT value FROM json_each({0}))";
    private const string ByIndex = "SELECT * FROM Accounts WHERE rowid IN (SELECT rowid FROM AccountSearch WHERE AccountSearch MATCH {0})";
    private const string InNameOrder = """
        SELECT * FROM Accounts INDEXED BY IX_Accounts_Name
        WHERE EXISTS (SELECT 1 FROM AccountSearch AS s WHERE s.rowid = Accounts.rowid AND s.AccountSearch MATCH {0})
        """;
    private const string InStatusAndNameOrder = """
        SELECT * FROM Accounts INDEXED BY IX_Accounts_IsActive_Name
        WHERE EXISTS (SELECT 1 FROM AccountSearch AS s WHERE s.rowid = Accounts.rowid AND s.AccountSearch MATCH {0})
        """;

    private readonly string _text;
    private readonly string _phrase;
    private string? _rowids;

    private AccountSearch(string text)
    {
        _text = LikePattern.Searchable(text);
        _phrase = "\"" + _text.Replace("\"", "\"\"") + "\"";
    }

    // The current organization's members whose accounts are among the rowids: from each match to its account and to the
    // organization's membership of it (the tenant filter adds the organization), never a walk of the organization.
    private const string MembersByRowids = """
        SELECT m.* FROM json_each({0}) AS j
        CROSS JOIN Accounts AS a ON a.rowid = j.value
        CROSS JOIN Memberships AS m ON m.AccountId = a.Id
        """;

    /// <summary>How many accounts match (before other filters), when they are few; null for text too short for the index, or for more than a few.</summary>
    public int? Matches { get; private set; }

    /// <summary>More than <see cref="FewMatches"/> accounts match: they are not counted, and <see cref="Estimate"/> tells about how many.</summary>
    public bool Many => _lastOfFew is not null;

    /// <summary>The rowid of the 2,001st match, when there are more: FTS5 returns matches in rowid order, and rowids follow the accounts' creation.</summary>
    private long? _lastOfFew;

    private bool Indexed => _text.Length >= 3;

    /// <summary>
    /// Runs the full-text match once, up to its first 2,001 matches: a few matches are kept as rowids; more are neither
    /// read nor counted (counting "ana"'s 22,000 matches cost a third of the page under load). The rowids come back as
    /// one JSON array, built by SQLite, and go back to it as they are: reading up to 2,001 rows one by one cost more than
    /// the match itself.
    /// </summary>
    public static async Task<AccountSearch> RunAsync(OpbxDb db, string text, CancellationToken ct)
    {
        var search = new AccountSearch(text);
        if (!search.Indexed) return search;
        var first = await db.Database
            .SqlQuery<FirstMatches>($"SELECT json_group_array(rowid) AS Rowids, COUNT(*) AS Count, MAX(rowid) AS Last FROM (SELECT rowid FROM AccountSearch WHERE AccountSearch MATCH {search._phrase} LIMIT {FewMatches + 1})")
            .SingleAsync(ct);
        if (first.Count <= FewMatches)
        {
            search._rowids = first.Rowids;
            search.Matches = first.Count;
        }
        else
        {
            search._lastOfFew = first.Last;
        }
        return search;
    }

    /// <summary>The first matches as a JSON array of rowids, how many they are, and the last one's rowid.</summary>
    private sealed record FirstMatches(string Rowids, int Count, long? Last);

    /// <summary>
    /// About how many of <paramref name="accounts"/> match: exact when few; for many, the first 2,001 matches' share of
    /// the rowids they span, over all accounts (deleted accounts' rowids make it an underestimate, which only makes a walk
    /// of the name index less likely).
    /// </summary>
    public int Estimate(int accounts) =>
        Matches ?? (_lastOfFew is { } last ? (int)Math.Clamp((FewMatches + 1L) * accounts / Math.Max(1, last), FewMatches + 1L, Math.Max(accounts, FewMatches + 1L)) : 0);

    /// <summary>
    /// The current organization's members whose name or e-mail match, when the matches are few against
    /// <paramref name="members"/> (looking each up costs about 3 µs, scanning a member's name and e-mail copies 0.16 µs);
    /// null when the organization's own scan is cheaper, or the text is too short for the index.
    /// </summary>
    public IQueryable<Membership>? FewMembers(OpbxDb db, int members) =>
        _rowids is not null && Matches * 20 <= members ? db.Memberships.FromSqlRaw(MembersByRowids, _rowids) : null;

    /// <summary>How to fetch the matches.</summary>
    public enum Plan
    {
        /// <summary>Text under three characters: LIKE over names and emails.</summary>
        Like,
        /// <summary>A few matches, already read as rowids: look them up by key.</summary>
        Rowids,
        /// <summary>Many matches: look each up through the index and sort them.</summary>
        Lookup,
        /// <summary>Very many matches: walk the accounts in name order, checking each against the index.</summary>
        NameOrder,
        /// <summary>The same, for a list filtered by active or inactive.</summary>
        StatusAndNameOrder,
    }

    /// <summary>The cheapest plan for a page that needs <paramref name="rowsNeeded"/> rows in name order.</summary>
    public Plan Choose(int accounts, int rowsNeeded, bool activeFiltered) =>
        !Indexed ? Plan.Like
        : _rowids is not null ? Plan.Rowids
        : ChooseAmongMany(Estimate(accounts), accounts, rowsNeeded, activeFiltered);

    /// <summary>The cheapest plan for <paramref name="matches"/> matches, read through the index (not as rowids).</summary>
    public Plan ChooseAmongMany(int matches, int accounts, int rowsNeeded, bool activeFiltered) =>
        WalkNameIndex(matches, accounts, rowsNeeded, _text.Length - 2) ? activeFiltered ? Plan.StatusAndNameOrder : Plan.NameOrder : Plan.Lookup;

    public IQueryable<Account> Matching(OpbxDb db, Plan plan)
    {
        if (plan == Plan.Like)
        {
            var like = LikePattern.Containing(_text);
            return db.Users.AsNoTracking().Where(a => EF.Functions.Like(a.Name, like, LikePattern.Escape) || EF.Functions.Like(a.Email!, like, LikePattern.Escape));
        }
        if (plan == Plan.Rowids)
        {
            var rowids = _rowids ?? throw new InvalidOperationException("The matches were counted, not read.");
            return db.Users.FromSqlRaw(ByRowids, rowids).AsNoTracking();
        }
        var sql = plan switch
        {
            Plan.NameOrder => InNameOrder,
            Plan.StatusAndNameOrder => InStatusAndNameOrder,
            _ => ByIndex,
        };
        return db.Users.FromSqlRaw(sql, _phrase).AsNoTracking();
    }

    /// <summary>
    /// Walking the accounts in name order checks about (rows to skip and show) × (accounts ÷ matches) rows against the
    /// index, each check costing roughly 20 µs per trigram of the text (measured: "ana" 10 µs, "okafor 14" 180 µs);
    /// looking up and sorting every match costs about 1 µs per match. Take the cheaper.
    /// </summary>
    public static bool WalkNameIndex(int matches, int accounts, int rowsNeeded, int trigrams) =>
        matches > 0 && 20L * Math.Max(1, trigrams) * rowsNeeded * accounts < (long)matches * matches;
}
