using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class Usage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MinutesHardLimit",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "OutboundBlocked",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "RecordingBlocked",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "StorageHardLimit",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "UsageAlertThresholds",
                table: "Organizations",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "80,100");

            migrationBuilder.CreateTable(
                name: "MonthlyUsage",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Calls = table.Column<int>(type: "INTEGER", nullable: false),
                    BillSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyUsage", x => new { x.OrganizationId, x.Month });
                    table.ForeignKey(
                        name: "FK_MonthlyUsage_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    CallRecordsDeleted = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordingsDeleted = table.Column<int>(type: "INTEGER", nullable: false),
                    OrphanFilesDeleted = table.Column<int>(type: "INTEGER", nullable: false),
                    BytesFreed = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetentionRuns_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UsageAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Recipients = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UsageAlerts_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UsageCursors",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LastCallRecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageCursors", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_Recorded",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "RecordingBytes" },
                filter: "\"RecordingFile\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyUsage_Month_Minutes",
                table: "MonthlyUsage",
                columns: new[] { "Month", "Minutes" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_OrganizationId_StartedAt",
                table: "RetentionRuns",
                columns: new[] { "OrganizationId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_StartedAt",
                table: "RetentionRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UsageAlerts_OrganizationId_Month_Metric_Threshold",
                table: "UsageAlerts",
                columns: new[] { "OrganizationId", "Month", "Metric", "Threshold" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyUsage");

            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropTable(
                name: "UsageAlerts");

            migrationBuilder.DropTable(
                name: "UsageCursors");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_Recorded",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "MinutesHardLimit",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "OutboundBlocked",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "RecordingBlocked",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "StorageHardLimit",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "UsageAlertThresholds",
                table: "Organizations");
        }
    }
}
