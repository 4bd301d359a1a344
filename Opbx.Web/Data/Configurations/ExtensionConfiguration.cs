using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class ExtensionConfiguration : IEntityTypeConfiguration<Extension>
{
    public void Configure(EntityTypeBuilder<Extension> e)
    {
        e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
        e.HasIndex(x => x.MembershipId).IsUnique();
        e.HasIndex(x => x.SipUsername).IsUnique();
        e.Property(x => x.Number).HasMaxLength(10);
        e.Property(x => x.SipUsername).HasMaxLength(32);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Membership).WithOne(m => m.Extension).HasForeignKey<Extension>(x => x.MembershipId).OnDelete(DeleteBehavior.SetNull);
    }
}
