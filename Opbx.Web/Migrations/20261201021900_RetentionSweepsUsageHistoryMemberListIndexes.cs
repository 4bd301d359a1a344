using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class RetentionSweepsUsageHistoryMemberListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RingGroupMembers_OrganizationId",
                table: "RingGroupMembers");

            migrationBuilder.DropIndex(
                name: "IX_QueueMembers_OrganizationId",
                table: "QueueMembers");

            migrationBuilder.AddColumn<string>(
                name: "Failure",
                table: "RetentionRuns",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SweepId",
                table: "RetentionRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MinutesHardLimit",
                table: "MonthlyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "MinutesLimit",
                table: "MonthlyUsage",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StorageGbLimit",
                table: "MonthlyUsage",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "StorageHardLimit",
                table: "MonthlyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "StoragePeakBytes",
                table: "MonthlyUsage",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "RetentionSweeps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OrganizationsTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationsDone = table.Column<int>(type: "INTEGER", nullable: false),
                    CallRecordsDeleted = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordingsDeleted = table.Column<int>(type: "INTEGER", nullable: false),
                    BytesFreed = table.Column<long>(type: "INTEGER", nullable: false),
                    LongestBatchMilliseconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionSweeps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMembers_OrganizationId_RingGroupId_Position",
                table: "RingGroupMembers",
                columns: new[] { "OrganizationId", "RingGroupId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRuns_SweepId",
                table: "RetentionRuns",
                column: "SweepId");

            migrationBuilder.CreateIndex(
                name: "IX_QueueMembers_OrganizationId_QueueId_Position",
                table: "QueueMembers",
                columns: new[] { "OrganizationId", "QueueId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionSweeps_Running",
                table: "RetentionSweeps",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_RetentionSweeps_StartedAt",
                table: "RetentionSweeps",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RetentionSweeps");

            migrationBuilder.DropIndex(
                name: "IX_RingGroupMembers_OrganizationId_RingGroupId_Position",
                table: "RingGroupMembers");

            migrationBuilder.DropIndex(
                name: "IX_RetentionRuns_SweepId",
                table: "RetentionRuns");

            migrationBuilder.DropIndex(
                name: "IX_QueueMembers_OrganizationId_QueueId_Position",
                table: "QueueMembers");

            migrationBuilder.DropColumn(
                name: "Failure",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "SweepId",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "MinutesHardLimit",
                table: "MonthlyUsage");

            migrationBuilder.DropColumn(
                name: "MinutesLimit",
                table: "MonthlyUsage");

            migrationBuilder.DropColumn(
                name: "StorageGbLimit",
                table: "MonthlyUsage");

            migrationBuilder.DropColumn(
                name: "StorageHardLimit",
                table: "MonthlyUsage");

            migrationBuilder.DropColumn(
                name: "StoragePeakBytes",
                table: "MonthlyUsage");

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMembers_OrganizationId",
                table: "RingGroupMembers",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_QueueMembers_OrganizationId",
                table: "QueueMembers",
                column: "OrganizationId");
        }
    }
}
