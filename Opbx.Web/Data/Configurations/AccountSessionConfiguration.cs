using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class AccountSessionConfiguration : IEntityTypeConfiguration<AccountSession>
{
    public void Configure(EntityTypeBuilder<AccountSession> e)
    {
        e.Property(x => x.Address).HasMaxLength(64);
        e.Property(x => x.Browser).HasMaxLength(200);
        e.Property(x => x.SecurityStamp).HasMaxLength(64);
        e.HasIndex(x => new { x.AccountId, x.LastSeenAt });
        e.HasIndex(x => x.LastSeenAt);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
