using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class DeployConfiguration : IEntityTypeConfiguration<Deploy>
{
    public void Configure(EntityTypeBuilder<Deploy> e)
    {
        e.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.RequestedBy).HasMaxLength(200);
        // An organization's history, newest first; and the one still queued for it, which saves join.
        e.HasIndex(x => new { x.OrganizationId, x.QueuedAt });
        e.HasIndex(x => new { x.Status, x.OrganizationId });
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
