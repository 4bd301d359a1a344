using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class OutboundRoutePatternConfiguration : IEntityTypeConfiguration<OutboundRoutePattern>
{
    public void Configure(EntityTypeBuilder<OutboundRoutePattern> e)
    {
        // One pattern leads to one route: Asterisk would otherwise pick one of them silently.
        e.HasIndex(x => new { x.OrganizationId, x.Pattern }).IsUnique();
        e.HasIndex(x => x.OutboundRouteId);
        e.Property(x => x.Pattern).HasMaxLength(40);
        e.Property(x => x.Prepend).HasMaxLength(20);
        e.HasOne(x => x.OutboundRoute).WithMany(r => r.Patterns).HasForeignKey(x => x.OutboundRouteId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
