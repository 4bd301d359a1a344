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
    private const string InNameOrder = "SELECT * FROM Accounts INDEXED BY IX_Accounts_Name ";
    private const string InStatusAndNameOrder = "SELECT * FROM Accounts INDEXED BY IX_Accounts_IsActive_Name ";

    // A walk in name order checks each account it passes. Against the index that costs 10 µs and more (20 µs a trigram);
    // for text of ASCII characters, LIKE (which folds ASCII case only) decides exactly what the index would for a name
    // and e-mail of ASCII characters, in about 2 µs, so only accounts with other characters in them ask the index.
    private const string CheckedByIndex = "WHERE EXISTS (SELECT 1 FROM AccountSearch AS s WHERE s.rowid = Accounts.rowid AND s.AccountSearch MATCH {0})";
    private const string CheckedByLike = """
        WHERE Name LIKE {1} ESCAPE '\' OR Email LIKE {1} ESCAPE '\'
           OR ((Name GLOB '*[^ -~]*' OR Email GLOB '*[^ -~]*')
               AND EXISTS (SELECT 1 FROM AccountSearch AS s WHERE s.rowid = Accounts.rowid AND s.AccountSearch MATCH {0}))
        """;

    /// <summary>An uncounted search walks the name index when that checks at most this many accounts, whatever the matches' density.</summary>
    private const int UncountedWalkChecks = 5000;

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

    /// <summary>More than <see cref="FewMatches"/> accounts match, not counted.</summary>
    public bool Many { get; private set; }

    private bool Indexed => _text.Length >= 3;

    /// <summary>The text is all ASCII, so a walk checks accounts with LIKE (see <see cref="CheckedByLike"/>).</summary>
    private bool LikeChecks => _text.All(char.IsAscii);

    /// <summary>What checking one account on a walk costs, in µs.</summary>
    private int CheckMicros => LikeChecks ? 2 : 20 * Math.Max(1, _text.Length - 2);

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
            .SqlQuery<FirstMatches>($"SELECT json_group_array(rowid) AS Rowids, COUNT(*) AS Count FROM (SELECT rowid FROM AccountSearch WHERE AccountSearch MATCH {search._phrase} LIMIT {FewMatches + 1})")
            .SingleAsync(ct);
        if (first.Count <= FewMatches)
        {
            search._rowids = first.Rowids;
            search.Matches = first.Count;
        }
        else
        {
            search.Many = true;
        }
        return search;
    }

    /// <summary>The first matches as a JSON array of rowids, and how many they are.</summary>
    private sealed record FirstMatches(string Rowids, int Count);

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
        /// <summary>Very many matches: walk the accounts in name order, checking each (with LIKE, or against the index).</summary>
        NameOrder,
        /// <summary>The same, for a list filtered by active or inactive.</summary>
        StatusAndNameOrder,
    }

    /// <summary>
    /// The cheapest plan for a page that needs <paramref name="rowsNeeded"/> rows in name order. Many matches are not
    /// counted: at least 2,001 of the <paramref name="accounts"/> match, so a walk of the name index checks at most
    /// rows needed × accounts ÷ 2,001 of them, and the first pages walk when that is cheap whatever the density; deeper
    /// pages, and text LIKE cannot check, count the matches to choose between the walk and sorting every match.
    /// </summary>
    public async Task<Plan> ChooseAsync(OpbxDb db, int accounts, int rowsNeeded, bool activeFiltered, CancellationToken ct)
    {
        if (!Indexed) return Plan.Like;
        if (_rowids is not null) return Plan.Rowids;
        if (LikeChecks && (long)rowsNeeded * accounts <= (FewMatches + 1L) * UncountedWalkChecks) return Walk(activeFiltered);
        var matches = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM AccountSearch WHERE AccountSearch MATCH {_phrase}").SingleAsync(ct);
        return ChooseAmongMany(matches, accounts, rowsNeeded, activeFiltered);
    }

    /// <summary>The cheapest plan for <paramref name="matches"/> matches, read through the index (not as rowids).</summary>
    public Plan ChooseAmongMany(int matches, int accounts, int rowsNeeded, bool activeFiltered) =>
        WalkNameIndex(matches, accounts, rowsNeeded, CheckMicros) ? Walk(activeFiltered) : Plan.Lookup;

    private static Plan Walk(bool activeFiltered) => activeFiltered ? Plan.StatusAndNameOrder : Plan.NameOrder;

    public IQueryable<Account> Matching(OpbxDb db, Plan plan)
    {
        if (plan == Plan.Like)
        {
            var like = LikePattern.Containing(_text);
            return db.Users.AsNoTracking().Where(a => EF.Functions.Like(a.Name, like, LikePattern.Escape) || EF.Functions.Like(a.Email!, like, LikePattern.Escape));
        }
        if (plan == Plan.Rowids)
        {
            var rowids = _rowids ?? throw new InvalidOperationException("Many matched: their rowids were not read.");
            return db.Users.FromSqlRaw(ByRowids, rowids).AsNoTracking();
        }
        if (plan == Plan.Lookup) return db.Users.FromSqlRaw(ByIndex, _phrase).AsNoTracking();
        return ((plan, LikeChecks) switch
        {
            (Plan.NameOrder, true) => db.Users.FromSqlRaw(InNameOrder + CheckedByLike, _phrase, LikePattern.Containing(_text)),
            (Plan.NameOrder, false) => db.Users.FromSqlRaw(InNameOrder + CheckedByIndex, _phrase),
            (_, true) => db.Users.FromSqlRaw(InStatusAndNameOrder + CheckedByLike, _phrase, LikePattern.Containing(_text)),
            (_, false) => db.Users.FromSqlRaw(InStatusAndNameOrder + CheckedByIndex, _phrase),
        }).AsNoTracking();
    }

    /// <summary>
    /// Walking the accounts in name order checks about (rows to skip and show) × (accounts ÷ matches) of them, each check
    /// costing <paramref name="checkMicros"/> (LIKE about 2 µs; the index roughly 20 µs per trigram of the text, measured:
    /// "ana" 10 µs, "okafor 14" 180 µs); looking up and sorting every match costs about 1 µs per match. Take the cheaper.
    /// </summary>
    public static bool WalkNameIndex(int matches, int accounts, int rowsNeeded, int checkMicros) =>
        matches > 0 && (long)checkMicros * rowsNeeded * accounts < (long)matches * matches;
}
