using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class RedeployResultConfiguration : IEntityTypeConfiguration<RedeployResult>
{
    public void Configure(EntityTypeBuilder<RedeployResult> e)
    {
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.OrganizationName).HasMaxLength(200);
        // A run's results in order of name; failed ones first when asked.
        e.HasIndex(x => new { x.RunId, x.Status, x.OrganizationName });
        e.HasIndex(x => x.OrganizationId);
        e.HasOne<RedeployRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
    }
}
