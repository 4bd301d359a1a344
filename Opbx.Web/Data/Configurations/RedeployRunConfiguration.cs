using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class RedeployRunConfiguration : IEntityTypeConfiguration<RedeployRun>
{
    public void Configure(EntityTypeBuilder<RedeployRun> e)
    {
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.RequestedBy).HasMaxLength(200);
        e.HasIndex(x => x.StartedAt);
    }
}
