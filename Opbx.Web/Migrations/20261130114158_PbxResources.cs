using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <summary>
    /// The phone system's resources (SPEC §6): ring groups, queues, trunks (an organization's own or shared), numbers,
    /// outbound routes, emergency numbers. Extensions get a platform-unique SIP username and protected secrets: the old
    /// plain SipSecret (never shown, never deployed) is dropped and Opbx issues a protected password and PIN at start-up.
    /// Columns are renamed and added, never rebuilt, so the ListCounters triggers on Extensions stay in place.
    /// </summary>
    public partial class PbxResources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "SipSecret",
                table: "Extensions",
                newName: "SipPassword");
            migrationBuilder.Sql("UPDATE Extensions SET SipPassword = '';");

            migrationBuilder.AddColumn<string>(
                name: "VoicemailPin",
                table: "Extensions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SipUsername",
                table: "Extensions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");
            // Existing extensions get a username of the same alphabet as new ones ([a-z0-9], starting with a letter).
            migrationBuilder.Sql("UPDATE Extensions SET SipUsername = 'u' || lower(hex(randomblob(5)));");

            migrationBuilder.CreateTable(
                name: "Queues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MemberTimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxWaitSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    FallbackKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FallbackTargetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Queues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Queues_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RingGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RingSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    FallbackKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FallbackTargetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RingGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RingGroups_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Trunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    Transport = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Password = table.Column<string>(type: "TEXT", nullable: true),
                    Register = table.Column<bool>(type: "INTEGER", nullable: false),
                    InboundMatch = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MaxChannels = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Trunks_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QueueMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QueueId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExtensionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueueMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QueueMembers_Extensions_ExtensionId",
                        column: x => x.ExtensionId,
                        principalTable: "Extensions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QueueMembers_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QueueMembers_Queues_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Queues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RingGroupMembers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RingGroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExtensionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RingGroupMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RingGroupMembers_Extensions_ExtensionId",
                        column: x => x.ExtensionId,
                        principalTable: "Extensions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RingGroupMembers_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RingGroupMembers_RingGroups_RingGroupId",
                        column: x => x.RingGroupId,
                        principalTable: "RingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Dids",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TrunkId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DestinationKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DestinationTargetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dids", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Dids_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Dids_Trunks_TrunkId",
                        column: x => x.TrunkId,
                        principalTable: "Trunks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "EmergencyNumbers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CallerIdDidId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyNumbers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmergencyNumbers_Dids_CallerIdDidId",
                        column: x => x.CallerIdDidId,
                        principalTable: "Dids",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_EmergencyNumbers_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutboundRoutes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    CallerIdDidId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundRoutes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboundRoutes_Dids_CallerIdDidId",
                        column: x => x.CallerIdDidId,
                        principalTable: "Dids",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_OutboundRoutes_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EmergencyNumberTrunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmergencyNumberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrunkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyNumberTrunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmergencyNumberTrunks_EmergencyNumbers_EmergencyNumberId",
                        column: x => x.EmergencyNumberId,
                        principalTable: "EmergencyNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EmergencyNumberTrunks_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EmergencyNumberTrunks_Trunks_TrunkId",
                        column: x => x.TrunkId,
                        principalTable: "Trunks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutboundRoutePatterns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OutboundRouteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Pattern = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Strip = table.Column<int>(type: "INTEGER", nullable: false),
                    Prepend = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundRoutePatterns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboundRoutePatterns_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OutboundRoutePatterns_OutboundRoutes_OutboundRouteId",
                        column: x => x.OutboundRouteId,
                        principalTable: "OutboundRoutes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutboundRouteTrunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OutboundRouteId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrunkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundRouteTrunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboundRouteTrunks_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OutboundRouteTrunks_OutboundRoutes_OutboundRouteId",
                        column: x => x.OutboundRouteId,
                        principalTable: "OutboundRoutes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OutboundRouteTrunks_Trunks_TrunkId",
                        column: x => x.TrunkId,
                        principalTable: "Trunks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Extensions_SipUsername",
                table: "Extensions",
                column: "SipUsername",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Dids_Number",
                table: "Dids",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Dids_OrganizationId",
                table: "Dids",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Dids_TrunkId",
                table: "Dids",
                column: "TrunkId");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyNumbers_CallerIdDidId",
                table: "EmergencyNumbers",
                column: "CallerIdDidId");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyNumbers_OrganizationId_Number",
                table: "EmergencyNumbers",
                columns: new[] { "OrganizationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyNumberTrunks_EmergencyNumberId_TrunkId",
                table: "EmergencyNumberTrunks",
                columns: new[] { "EmergencyNumberId", "TrunkId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyNumberTrunks_OrganizationId",
                table: "EmergencyNumberTrunks",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyNumberTrunks_TrunkId",
                table: "EmergencyNumberTrunks",
                column: "TrunkId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRoutePatterns_OrganizationId_Pattern",
                table: "OutboundRoutePatterns",
                columns: new[] { "OrganizationId", "Pattern" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRoutePatterns_OutboundRouteId",
                table: "OutboundRoutePatterns",
                column: "OutboundRouteId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRoutes_CallerIdDidId",
                table: "OutboundRoutes",
                column: "CallerIdDidId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRoutes_OrganizationId_Position",
                table: "OutboundRoutes",
                columns: new[] { "OrganizationId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRouteTrunks_OrganizationId",
                table: "OutboundRouteTrunks",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRouteTrunks_OutboundRouteId_TrunkId",
                table: "OutboundRouteTrunks",
                columns: new[] { "OutboundRouteId", "TrunkId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundRouteTrunks_TrunkId",
                table: "OutboundRouteTrunks",
                column: "TrunkId");

            migrationBuilder.CreateIndex(
                name: "IX_QueueMembers_ExtensionId",
                table: "QueueMembers",
                column: "ExtensionId");

            migrationBuilder.CreateIndex(
                name: "IX_QueueMembers_OrganizationId",
                table: "QueueMembers",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_QueueMembers_QueueId_ExtensionId",
                table: "QueueMembers",
                columns: new[] { "QueueId", "ExtensionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Queues_OrganizationId_Number",
                table: "Queues",
                columns: new[] { "OrganizationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMembers_ExtensionId",
                table: "RingGroupMembers",
                column: "ExtensionId");

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMembers_OrganizationId",
                table: "RingGroupMembers",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMembers_RingGroupId_ExtensionId",
                table: "RingGroupMembers",
                columns: new[] { "RingGroupId", "ExtensionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RingGroups_OrganizationId_Number",
                table: "RingGroups",
                columns: new[] { "OrganizationId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Trunks_OrganizationId",
                table: "Trunks",
                column: "OrganizationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmergencyNumberTrunks");

            migrationBuilder.DropTable(
                name: "OutboundRoutePatterns");

            migrationBuilder.DropTable(
                name: "OutboundRouteTrunks");

            migrationBuilder.DropTable(
                name: "QueueMembers");

            migrationBuilder.DropTable(
                name: "RingGroupMembers");

            migrationBuilder.DropTable(
                name: "EmergencyNumbers");

            migrationBuilder.DropTable(
                name: "OutboundRoutes");

            migrationBuilder.DropTable(
                name: "Queues");

            migrationBuilder.DropTable(
                name: "RingGroups");

            migrationBuilder.DropTable(
                name: "Dids");

            migrationBuilder.DropTable(
                name: "Trunks");

            migrationBuilder.DropIndex(
                name: "IX_Extensions_SipUsername",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "VoicemailPin",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "SipUsername",
                table: "Extensions");

            migrationBuilder.RenameColumn(
                name: "SipPassword",
                table: "Extensions",
                newName: "SipSecret");
        }
    }
}
