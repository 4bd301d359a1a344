using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class UsageHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
