using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class CallRecordFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DestinationPhone",
                table: "CallRecords",
                type: "TEXT",
                nullable: true,
                computedColumnSql: "CASE WHEN substr(\"DestinationChannel\", 1, 6) = 'PJSIP/' THEN substr(rtrim(rtrim(\"DestinationChannel\", '0123456789abcdef'), '-'), 7) END",
                stored: false);

            migrationBuilder.AddColumn<string>(
                name: "DestinationSuffix",
                table: "CallRecords",
                type: "TEXT",
                nullable: false,
                computedColumnSql: "substr(\"Destination\", -1, 1) || substr(\"Destination\", -2, 1) || substr(\"Destination\", -3, 1) || substr(\"Destination\", -4, 1) || substr(\"Destination\", -5, 1) || substr(\"Destination\", -6, 1) || substr(\"Destination\", -7, 1) || substr(\"Destination\", -8, 1) || substr(\"Destination\", -9, 1) || substr(\"Destination\", -10, 1) || substr(\"Destination\", -11, 1) || substr(\"Destination\", -12, 1) || substr(\"Destination\", -13, 1) || substr(\"Destination\", -14, 1) || substr(\"Destination\", -15, 1) || substr(\"Destination\", -16, 1) || substr(\"Destination\", -17, 1) || substr(\"Destination\", -18, 1) || substr(\"Destination\", -19, 1) || substr(\"Destination\", -20, 1)",
                stored: false);

            migrationBuilder.AddColumn<string>(
                name: "SourcePhone",
                table: "CallRecords",
                type: "TEXT",
                nullable: true,
                computedColumnSql: "CASE WHEN substr(\"SourceChannel\", 1, 6) = 'PJSIP/' THEN substr(rtrim(rtrim(\"SourceChannel\", '0123456789abcdef'), '-'), 7) END",
                stored: false);

            migrationBuilder.AddColumn<string>(
                name: "SourceSuffix",
                table: "CallRecords",
                type: "TEXT",
                nullable: false,
                computedColumnSql: "substr(\"Source\", -1, 1) || substr(\"Source\", -2, 1) || substr(\"Source\", -3, 1) || substr(\"Source\", -4, 1) || substr(\"Source\", -5, 1) || substr(\"Source\", -6, 1) || substr(\"Source\", -7, 1) || substr(\"Source\", -8, 1) || substr(\"Source\", -9, 1) || substr(\"Source\", -10, 1) || substr(\"Source\", -11, 1) || substr(\"Source\", -12, 1) || substr(\"Source\", -13, 1) || substr(\"Source\", -14, 1) || substr(\"Source\", -15, 1) || substr(\"Source\", -16, 1) || substr(\"Source\", -17, 1) || substr(\"Source\", -18, 1) || substr(\"Source\", -19, 1) || substr(\"Source\", -20, 1)",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_DestinationPhone_StartedAt",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "DestinationPhone", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_DestinationSuffix_StartedAt",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "DestinationSuffix", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_SourcePhone_StartedAt",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "SourcePhone", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_OrganizationId_SourceSuffix_StartedAt",
                table: "CallRecords",
                columns: new[] { "OrganizationId", "SourceSuffix", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_DestinationPhone_StartedAt",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_DestinationSuffix_StartedAt",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_SourcePhone_StartedAt",
                table: "CallRecords");

            migrationBuilder.DropIndex(
                name: "IX_CallRecords_OrganizationId_SourceSuffix_StartedAt",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "DestinationPhone",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "DestinationSuffix",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "SourcePhone",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "SourceSuffix",
                table: "CallRecords");
        }
    }
}
