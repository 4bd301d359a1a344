using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class DeployHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeploysPausedAt",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ManualDeploys",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "AsteriskErrors",
                table: "Deploys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "Deploys",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "FilesDrifted",
                table: "Deploys",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "RollbackOfId",
                table: "Deploys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConfigBlobs",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConfigBlobs", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "DeployFiles",
                columns: table => new
                {
                    DeployId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeployFiles", x => new { x.DeployId, x.Path });
                    table.ForeignKey(
                        name: "FK_DeployFiles_Deploys_DeployId",
                        column: x => x.DeployId,
                        principalTable: "Deploys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeployFiles_Hash",
                table: "DeployFiles",
                column: "Hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConfigBlobs");

            migrationBuilder.DropTable(
                name: "DeployFiles");

            migrationBuilder.DropColumn(
                name: "DeploysPausedAt",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ManualDeploys",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "AsteriskErrors",
                table: "Deploys");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "Deploys");

            migrationBuilder.DropColumn(
                name: "FilesDrifted",
                table: "Deploys");

            migrationBuilder.DropColumn(
                name: "RollbackOfId",
                table: "Deploys");
        }
    }
}
