using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Opbx.Data;

#nullable disable

namespace Opbx.Migrations
{
    /// <summary>
    /// Extension lists are in number order with shorter numbers first (<c>ORDER BY length(Number), Number</c>). Without an
    /// index on that expression, every page of an organization's list sorted all its extensions (5,000 in the bench) in a
    /// temporary B-tree; with it, a page is read straight from the index. Not in the EF model: EF Core does not model
    /// expression indexes, so the model (and its snapshot) are unchanged.
    /// </summary>
    [DbContext(typeof(OpbxDb))]
    [Migration("20261201080000_ExtensionNumberOrderIndex")]
    public partial class ExtensionNumberOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE INDEX IX_Extensions_OrganizationId_NumberLength_Number ON Extensions (OrganizationId, length(Number), Number);");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP INDEX IX_Extensions_OrganizationId_NumberLength_Number;");
    }
}
