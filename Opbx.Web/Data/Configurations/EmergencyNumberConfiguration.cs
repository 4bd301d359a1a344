using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class EmergencyNumberConfiguration : IEntityTypeConfiguration<EmergencyNumber>
{
    public void Configure(EntityTypeBuilder<EmergencyNumber> e)
    {
        e.HasIndex(x => new { x.OrganizationId, x.Number }).IsUnique();
        e.Property(x => x.Number).HasMaxLength(10);
        e.HasOne(x => x.CallerIdDid).WithMany().HasForeignKey(x => x.CallerIdDidId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
