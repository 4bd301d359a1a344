using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <summary>
    /// Dashboards read counts instead of counting members: extensions assigned to a member per organization (kept by
    /// triggers, so "members without an extension" is MemberCount - AssignedExtensionCount), and pending invitations,
    /// indexed per organization and cleared by a trigger when the account gets a password.
    /// </summary>
    public partial class DashboardCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AssignedExtensionCount",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "InvitedAt",
                table: "Memberships",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OrganizationId_InvitedAt",
                table: "Memberships",
                columns: new[] { "OrganizationId", "InvitedAt" });

            // Extensions with a member, per organization. A member's deletion unassigns their extension through the
            // foreign key's SET NULL, which SQLite runs as an UPDATE, so the update trigger sees it too.
            migrationBuilder.Sql("""
                CREATE TRIGGER Extensions_assigned_insert AFTER INSERT ON Extensions WHEN new.MembershipId IS NOT NULL BEGIN
                  UPDATE Organizations SET AssignedExtensionCount = AssignedExtensionCount + 1 WHERE Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Extensions_assigned_delete AFTER DELETE ON Extensions WHEN old.MembershipId IS NOT NULL BEGIN
                  UPDATE Organizations SET AssignedExtensionCount = AssignedExtensionCount - 1 WHERE Id = old.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Extensions_assigned_update AFTER UPDATE OF MembershipId, OrganizationId ON Extensions BEGIN
                  UPDATE Organizations SET AssignedExtensionCount = AssignedExtensionCount - (old.MembershipId IS NOT NULL) WHERE Id = old.OrganizationId;
                  UPDATE Organizations SET AssignedExtensionCount = AssignedExtensionCount + (new.MembershipId IS NOT NULL) WHERE Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql("""
                UPDATE Organizations SET AssignedExtensionCount =
                  (SELECT COUNT(*) FROM Extensions WHERE OrganizationId = Organizations.Id AND MembershipId IS NOT NULL);
                """);

            // An invitation stops being pending once the account has a password, however it got one.
            migrationBuilder.Sql("""
                CREATE TRIGGER Accounts_password_ends_invitations AFTER UPDATE OF PasswordHash ON Accounts WHEN new.PasswordHash IS NOT NULL BEGIN
                  UPDATE Memberships SET InvitedAt = NULL WHERE AccountId = new.Id AND InvitedAt IS NOT NULL;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "Extensions_assigned_insert", "Extensions_assigned_delete", "Extensions_assigned_update", "Accounts_password_ends_invitations" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_OrganizationId_InvitedAt",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "AssignedExtensionCount",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "InvitedAt",
                table: "Memberships");
        }
    }
}
