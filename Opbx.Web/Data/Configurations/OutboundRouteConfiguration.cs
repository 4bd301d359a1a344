using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class OutboundRouteConfiguration : IEntityTypeConfiguration<OutboundRoute>
{
    public void Configure(EntityTypeBuilder<OutboundRoute> e)
    {
        e.HasIndex(x => new { x.OrganizationId, x.Position });
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasOne(x => x.CallerIdDid).WithMany().HasForeignKey(x => x.CallerIdDidId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
