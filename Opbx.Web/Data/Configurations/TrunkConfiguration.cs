using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class TrunkConfiguration : IEntityTypeConfiguration<Trunk>
{
    public void Configure(EntityTypeBuilder<Trunk> e)
    {
        e.HasIndex(x => x.OrganizationId);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Host).HasMaxLength(253);
        e.Property(x => x.Username).HasMaxLength(64);
        e.Property(x => x.InboundMatch).HasMaxLength(2000);
        e.Property(x => x.Transport).HasConversion<string>().HasMaxLength(10);
        e.Ignore(x => x.MatchList);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
