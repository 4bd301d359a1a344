using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class MembershipAccountName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountName",
                table: "Memberships",
                type: "TEXT",
                maxLength: 100,
                nullable: true,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_AccountName",
                table: "Memberships",
                columns: new[] { "OrganizationId", "AccountName" });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_Status_AccountName",
                table: "Memberships",
                columns: new[] { "OrganizationId", "Status", "AccountName" });

            // The copy follows the account's name: set when a membership is added, and whenever the name changes.
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
            migrationBuilder.Sql("UPDATE Memberships SET AccountName = (SELECT Name FROM Accounts WHERE Id = Memberships.AccountId);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_name_to_memberships;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Memberships_account_name_insert;");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_AccountName",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_Status_AccountName",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "AccountName",
                table: "Memberships");
        }
    }
}
