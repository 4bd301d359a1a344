using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class PlatformTokenConfiguration : IEntityTypeConfiguration<PlatformToken>
{
    public void Configure(EntityTypeBuilder<PlatformToken> e)
    {
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasOne(t => t.Account).WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
