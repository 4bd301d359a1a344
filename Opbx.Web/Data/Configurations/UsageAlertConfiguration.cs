using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain;
using Opbx.Domain.Usage;

namespace Opbx.Data.Configurations;

public sealed class UsageAlertConfiguration : IEntityTypeConfiguration<UsageAlert>
{
    public void Configure(EntityTypeBuilder<UsageAlert> e)
    {
        e.Property(a => a.Metric).HasMaxLength(40);
        // Once per threshold per month per metric.
        e.HasIndex(a => new { a.OrganizationId, a.Month, a.Metric, a.Threshold }).IsUnique();
        e.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
