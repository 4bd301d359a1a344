using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class RingGroupConfiguration : IEntityTypeConfiguration<RingGroup>
{
    public void Configure(EntityTypeBuilder<RingGroup> e)
    {
        e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
        e.Property(x => x.Number).HasMaxLength(10);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Strategy).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.FallbackKind).HasConversion<string>().HasMaxLength(20);
        e.Ignore(x => x.Fallback);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
