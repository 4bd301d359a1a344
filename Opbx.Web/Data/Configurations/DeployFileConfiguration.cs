using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

/// <summary>A deploy's file set (path and content hash); reached only through its deploy, which the organization filter guards.</summary>
public sealed class DeployFileConfiguration : IEntityTypeConfiguration<DeployFile>
{
    public void Configure(EntityTypeBuilder<DeployFile> e)
    {
        e.HasKey(x => new { x.DeployId, x.Path });
        e.Property(x => x.Path).HasMaxLength(300);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => x.Hash);
        e.HasOne<Deploy>().WithMany().HasForeignKey(x => x.DeployId).OnDelete(DeleteBehavior.Cascade);
    }
}
