using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain;
using Opbx.Domain.Usage;

namespace Opbx.Data.Configurations;

public sealed class MonthlyUsageConfiguration : IEntityTypeConfiguration<MonthlyUsage>
{
    public void Configure(EntityTypeBuilder<MonthlyUsage> e)
    {
        e.ToTable("MonthlyUsage");
        e.HasKey(u => new { u.OrganizationId, u.Month });
        // The platform dashboard's top organizations by minutes this month.
        e.HasIndex(u => new { u.Month, u.Minutes });
        e.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
