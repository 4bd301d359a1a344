using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class CallRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_StartedAt",
                table: "CallRecords");

            migrationBuilder.AddColumn<long>(
                name: "AnsweredAt",
                table: "CallRecords",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "BillSeconds",
                table: "CallRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "CalleeMembershipId",
                table: "CallRecords",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CalleeName",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DestinationChannel",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Direction",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "EndedAt",
                table: "CallRecords",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LinkedId",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "RecordingBytes",
                table: "CallRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "RecordingFile",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "CallRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SourceChannel",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UniqueId",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 150,
                nullable: false,
                defaultValue: "");

            // Rows from before CDR ingestion: give each its own identity and map Asterisk's disposition words to the enum's names.
            migrationBuilder.Sql("""
                UPDATE CallRecords SET UniqueId = 'legacy-' || Id, LinkedId = 'legacy-' || Id, Direction = 'Internal';
                UPDATE CallRecords SET Disposition = CASE upper(Disposition)
                    WHEN 'ANSWERED' THEN 'Answered' WHEN 'NO ANSWER' THEN 'NoAnswer' WHEN 'BUSY' THEN 'Busy'
                    WHEN 'CONGESTION' THEN 'Congestion' ELSE 'Failed' END;
                """);

            migrationBuilder.CreateTable(
                name: "CdrCursors",
                columns: table => new
                {
                    Path = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    FileIdentity = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CdrCursors", x => x.Path);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_CalleeMembershipId",
                table: "CallRecords",
                column: "CalleeMembershipId");

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_MembershipId",
                table: "CallRecords",
                column: "MembershipId");

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_LinkedId",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "LinkedId" });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_StartedAt_Id",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "StartedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_UniqueId_Sequence",
                table: "CallRecords",
                columns: new[] { "UniqueId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CdrCursors");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_CalleeMembershipId",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_MembershipId",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_LinkedId",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_StartedAt_Id",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_UniqueId_Sequence",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "AnsweredAt",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "BillSeconds",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "CalleeMembershipId",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "CalleeName",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "DestinationChannel",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "Direction",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "LinkedId",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "RecordingBytes",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "RecordingFile",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "SourceChannel",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "UniqueId",
                table: "CallRecords");

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_StartedAt",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "StartedAt" });
        }
    }
}
