using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class RetentionRunNow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "IX_RetentionRuns_SweepId",
                table: "RetentionRuns",
                column: "SweepId");

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

            migrationBuilder.AddForeignKey(
                name: "FK_RetentionRuns_RetentionSweeps_SweepId",
                table: "RetentionRuns",
                column: "SweepId",
                principalTable: "RetentionSweeps",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RetentionRuns_RetentionSweeps_SweepId",
                table: "RetentionRuns");

            migrationBuilder.DropTable(
                name: "RetentionSweeps");

            migrationBuilder.DropIndex(
                name: "IX_RetentionRuns_SweepId",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "Failure",
                table: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "SweepId",
                table: "RetentionRuns");
        }
    }
}
