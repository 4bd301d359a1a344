using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <summary>
    /// Lists that stay fast at 100,000 accounts: the members' email copied beside their name (search and sort within an
    /// organization read one index), member and extension counts on each organization, and account counts per
    /// (active, platform manager); all kept by triggers, so no code path can forget them.
    /// </summary>
    public partial class ListCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_AccountName",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_Status_AccountName",
                table: "Memberships");

            migrationBuilder.AddColumn<int>(
                name: "ActiveMemberCount",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ExtensionCount",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "MemberCount",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "AccountEmail",
                table: "Memberships",
                type: "TEXT",
                maxLength: 256,
                nullable: true,
                defaultValue: "",
                collation: "NOCASE");

            migrationBuilder.CreateTable(
                name: "AccountTally",
                columns: table => new
                {
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsPlatformManager = table.Column<bool>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountTally", x => new { x.IsActive, x.IsPlatformManager });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_ActiveMemberCount_Name",
                table: "Organizations",
                columns: new[] { "ActiveMemberCount", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_AccountName_AccountEmail",
                table: "Memberships",
                columns: new[] { "OrganizationId", "AccountName", "AccountEmail" });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_Status_AccountName_AccountEmail",
                table: "Memberships",
                columns: new[] { "OrganizationId", "Status", "AccountName", "AccountEmail" });

            // The member's name and email follow the account.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Memberships_account_name_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_name_to_memberships;");
            migrationBuilder.Sql("""
                CREATE TRIGGER Memberships_account_copy_insert AFTER INSERT ON Memberships BEGIN
                  UPDATE Memberships SET (AccountName, AccountEmail) = (SELECT Name, Email FROM Accounts WHERE Id = new.AccountId)
                  WHERE Id = new.Id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_copy_to_memberships AFTER UPDATE OF Name, Email ON Accounts BEGIN
                  UPDATE Memberships SET AccountName = new.Name, AccountEmail = new.Email WHERE AccountId = new.Id;
                END;
                """);
            migrationBuilder.Sql("UPDATE Memberships SET AccountEmail = (SELECT Email FROM Accounts WHERE Id = Memberships.AccountId);");

            // Member counts (all, active) and extension counts per organization.
            migrationBuilder.Sql("""
                CREATE TRIGGER Memberships_count_insert AFTER INSERT ON Memberships BEGIN
                  UPDATE Organizations SET MemberCount = MemberCount + 1, ActiveMemberCount = ActiveMemberCount + (new.Status = 'Active')
                  WHERE Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Memberships_count_delete AFTER DELETE ON Memberships BEGIN
                  UPDATE Organizations SET MemberCount = MemberCount - 1, ActiveMemberCount = ActiveMemberCount - (old.Status = 'Active')
                  WHERE Id = old.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Memberships_count_update AFTER UPDATE OF Status, OrganizationId ON Memberships BEGIN
                  UPDATE Organizations SET MemberCount = MemberCount - 1, ActiveMemberCount = ActiveMemberCount - (old.Status = 'Active')
                  WHERE Id = old.OrganizationId;
                  UPDATE Organizations SET MemberCount = MemberCount + 1, ActiveMemberCount = ActiveMemberCount + (new.Status = 'Active')
                  WHERE Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Extensions_count_insert AFTER INSERT ON Extensions BEGIN
                  UPDATE Organizations SET ExtensionCount = ExtensionCount + 1 WHERE Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Extensions_count_delete AFTER DELETE ON Extensions BEGIN
                  UPDATE Organizations SET ExtensionCount = ExtensionCount - 1 WHERE Id = old.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Extensions_count_update AFTER UPDATE OF OrganizationId ON Extensions BEGIN
                  UPDATE Organizations SET ExtensionCount = ExtensionCount - 1 WHERE Id = old.OrganizationId;
                  UPDATE Organizations SET ExtensionCount = ExtensionCount + 1 WHERE Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                UPDATE Organizations SET
                  MemberCount = (SELECT COUNT(*) FROM Memberships WHERE OrganizationId = Organizations.Id),
                  ActiveMemberCount = (SELECT COUNT(*) FROM Memberships WHERE OrganizationId = Organizations.Id AND Status = 'Active'),
                  ExtensionCount = (SELECT COUNT(*) FROM Extensions WHERE OrganizationId = Organizations.Id);
                """);

            // Account counts per (active, platform manager): four rows, moved between by the triggers.
            migrationBuilder.Sql("""
                INSERT INTO AccountTally (IsActive, IsPlatformManager, Count)
                SELECT a.v, p.v, (SELECT COUNT(*) FROM Accounts WHERE IsActive = a.v AND IsPlatformManager = p.v)
                FROM (SELECT 0 AS v UNION ALL SELECT 1) AS a, (SELECT 0 AS v UNION ALL SELECT 1) AS p;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_tally_insert AFTER INSERT ON Accounts BEGIN
                  UPDATE AccountTally SET Count = Count + 1 WHERE IsActive = new.IsActive AND IsPlatformManager = new.IsPlatformManager;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_tally_delete AFTER DELETE ON Accounts BEGIN
                  UPDATE AccountTally SET Count = Count - 1 WHERE IsActive = old.IsActive AND IsPlatformManager = old.IsPlatformManager;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_tally_update AFTER UPDATE OF IsActive, IsPlatformManager ON Accounts BEGIN
                  UPDATE AccountTally SET Count = Count - 1 WHERE IsActive = old.IsActive AND IsPlatformManager = old.IsPlatformManager;
                  UPDATE AccountTally SET Count = Count + 1 WHERE IsActive = new.IsActive AND IsPlatformManager = new.IsPlatformManager;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[]
                     {
                         "Accounts_tally_update", "Accounts_tally_delete", "Accounts_tally_insert", "Extensions_count_update",
                         "Extensions_count_delete", "Extensions_count_insert", "Memberships_count_update", "Memberships_count_delete",
                         "Memberships_count_insert", "Accounts_copy_to_memberships", "Memberships_account_copy_insert",
                     })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            }
            migrationBuilder.Sql("""
                CREATE TRIGGER Memberships_account_name_insert AFTER INSERT ON Memberships BEGIN
                  UPDATE Memberships SET AccountName = (SELECT Name FROM Accounts WHERE Id = new.AccountId) WHERE Id = new.Id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_name_to_memberships AFTER UPDATE OF Name ON Accounts BEGIN
                  UPDATE Memberships SET AccountName = new.Name WHERE AccountId = new.Id;
                END;
                """);
            migrationBuilder.DropTable(
                name: "AccountTally");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_ActiveMemberCount_Name",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_AccountName_AccountEmail",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_Status_AccountName_AccountEmail",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "ActiveMemberCount",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ExtensionCount",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "MemberCount",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "AccountEmail",
                table: "Memberships");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_AccountName",
                table: "Memberships",
                columns: new[] { "OrganizationId", "AccountName" });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_Status_AccountName",
                table: "Memberships",
                columns: new[] { "OrganizationId", "Status", "AccountName" });
        }
    }
}
