using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class AccountTallyConfiguration : IEntityTypeConfiguration<AccountTally>
{
    public void Configure(EntityTypeBuilder<AccountTally> e)
    {
        e.ToTable("AccountTally");
        e.HasKey(t => new { t.IsActive, t.IsPlatformManager });
    }
}
