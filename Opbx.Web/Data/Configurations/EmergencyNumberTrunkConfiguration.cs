using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class EmergencyNumberTrunkConfiguration : IEntityTypeConfiguration<EmergencyNumberTrunk>
{
    public void Configure(EntityTypeBuilder<EmergencyNumberTrunk> e)
    {
        e.HasIndex(x => new { x.EmergencyNumberId, x.TrunkId }).IsUnique();
        e.HasIndex(x => x.TrunkId);
        e.HasOne(x => x.EmergencyNumber).WithMany(n => n.Trunks).HasForeignKey(x => x.EmergencyNumberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Trunk).WithMany().HasForeignKey(x => x.TrunkId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
