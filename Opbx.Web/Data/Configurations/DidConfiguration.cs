using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class DidConfiguration : IEntityTypeConfiguration<Did>
{
    public void Configure(EntityTypeBuilder<Did> e)
    {
        e.HasIndex(x => x.Number).IsUnique();
        e.HasIndex(x => x.OrganizationId);
        e.HasIndex(x => x.TrunkId);
        e.Property(x => x.Number).HasMaxLength(16);
        e.Property(x => x.DestinationKind).HasConversion<string>().HasMaxLength(20);
        e.Ignore(x => x.Destination);
        // Deleting an organization deletes the numbers it still holds; the organization service first returns the
        // provider's numbers (on shared trunks) to the inventory.
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Trunk).WithMany().HasForeignKey(x => x.TrunkId).OnDelete(DeleteBehavior.SetNull);
    }
}
