using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <summary>
    /// Substring search over account names and emails without scanning every account: an FTS5 trigram index
    /// kept in step with Accounts by triggers. Keyed by the Accounts rowid, so backups use SQLite's page-copying
    /// backup API (which keeps rowids), not VACUUM.
    /// </summary>
    public partial class AccountSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE AccountSearch USING fts5(Name, Email, content='Accounts', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_search_insert AFTER INSERT ON Accounts BEGIN
                  INSERT INTO AccountSearch(rowid, Name, Email) VALUES (new.rowid, new.Name, new.Email);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_search_delete AFTER DELETE ON Accounts BEGIN
                  INSERT INTO AccountSearch(AccountSearch, rowid, Name, Email) VALUES ('delete', old.rowid, old.Name, old.Email);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_search_update AFTER UPDATE OF Name, Email ON Accounts BEGIN
                  INSERT INTO AccountSearch(AccountSearch, rowid, Name, Email) VALUES ('delete', old.rowid, old.Name, old.Email);
                  INSERT INTO AccountSearch(rowid, Name, Email) VALUES (new.rowid, new.Name, new.Email);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO AccountSearch(AccountSearch) VALUES ('rebuild');");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_search_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_search_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_search_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS AccountSearch;");
        }
    }
}
