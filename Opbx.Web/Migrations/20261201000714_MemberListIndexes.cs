using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Opbx.Migrations
{
    /// <inheritdoc />
    public partial class MemberListIndexes : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMembers_OrganizationId_RingGroupId_Position",
                table: "RingGroupMembers",
                columns: new[] { "OrganizationId", "RingGroupId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_QueueMembers_OrganizationId_QueueId_Position",
                table: "QueueMembers",
                columns: new[] { "OrganizationId", "QueueId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RingGroupMembers_OrganizationId_RingGroupId_Position",
                table: "RingGroupMembers");

            migrationBuilder.DropIndex(
                name: "IX_QueueMembers_OrganizationId_QueueId_Position",
                table: "QueueMembers");

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
