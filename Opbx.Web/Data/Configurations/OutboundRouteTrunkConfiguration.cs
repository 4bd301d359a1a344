using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class OutboundRouteTrunkConfiguration : IEntityTypeConfiguration<OutboundRouteTrunk>
{
    public void Configure(EntityTypeBuilder<OutboundRouteTrunk> e)
    {
        e.HasIndex(x => new { x.OutboundRouteId, x.TrunkId }).IsUnique();
        e.HasIndex(x => x.TrunkId);
        e.HasOne(x => x.OutboundRoute).WithMany(r => r.Trunks).HasForeignKey(x => x.OutboundRouteId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Trunk).WithMany().HasForeignKey(x => x.TrunkId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
