using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <summary>
    /// The audit logs count from a tally kept by triggers (<see cref="Opbx.Data.AuditTally"/>): counting the platform's log
    /// read every entry on every page view.
    /// </summary>
    public partial class AuditTally : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditTally",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditTally", x => x.OrganizationId);
                });

            // Each organization's log, and the platform's (the row of the empty id: entries without an organization, and
            // every organization's except the copies of a person's account changes, which the platform's own entry stands for).
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_tally_insert AFTER INSERT ON AuditEntries BEGIN
                  INSERT INTO AuditTally (OrganizationId, Count) SELECT new.OrganizationId, 1 WHERE new.OrganizationId IS NOT NULL
                    ON CONFLICT (OrganizationId) DO UPDATE SET Count = Count + 1;
                  INSERT INTO AuditTally (OrganizationId, Count) SELECT '00000000-0000-0000-0000-000000000000', 1
                    WHERE new.OrganizationId IS NULL OR new.TargetType <> 'account'
                    ON CONFLICT (OrganizationId) DO UPDATE SET Count = Count + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_tally_delete AFTER DELETE ON AuditEntries BEGIN
                  UPDATE AuditTally SET Count = Count - 1 WHERE OrganizationId = old.OrganizationId;
                  UPDATE AuditTally SET Count = Count - 1 WHERE OrganizationId = '00000000-0000-0000-0000-000000000000'
                    AND (old.OrganizationId IS NULL OR old.TargetType <> 'account');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AuditEntries_tally_update AFTER UPDATE OF OrganizationId, TargetType ON AuditEntries BEGIN
                  UPDATE AuditTally SET Count = Count - 1 WHERE OrganizationId = old.OrganizationId;
                  UPDATE AuditTally SET Count = Count - 1 WHERE OrganizationId = '00000000-0000-0000-0000-000000000000'
                    AND (old.OrganizationId IS NULL OR old.TargetType <> 'account');
                  INSERT INTO AuditTally (OrganizationId, Count) SELECT new.OrganizationId, 1 WHERE new.OrganizationId IS NOT NULL
                    ON CONFLICT (OrganizationId) DO UPDATE SET Count = Count + 1;
                  INSERT INTO AuditTally (OrganizationId, Count) SELECT '00000000-0000-0000-0000-000000000000', 1
                    WHERE new.OrganizationId IS NULL OR new.TargetType <> 'account'
                    ON CONFLICT (OrganizationId) DO UPDATE SET Count = Count + 1;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO AuditTally (OrganizationId, Count)
                SELECT OrganizationId, COUNT(*) FROM AuditEntries WHERE OrganizationId IS NOT NULL GROUP BY OrganizationId;
                """);
            migrationBuilder.Sql("""
                INSERT INTO AuditTally (OrganizationId, Count)
                SELECT '00000000-0000-0000-0000-000000000000', COUNT(*) FROM AuditEntries WHERE OrganizationId IS NULL OR TargetType <> 'account';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "AuditEntries_tally_insert", "AuditEntries_tally_delete", "AuditEntries_tally_update" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");

            migrationBuilder.DropTable(
                name: "AuditTally");
        }
    }
}
