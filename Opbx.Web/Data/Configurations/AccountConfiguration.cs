using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e)
    {
        e.ToTable("Accounts");
        e.Property(a => a.Name).HasMaxLength(100);
        e.HasIndex(a => a.NormalizedEmail).IsUnique();
        e.HasIndex(a => a.Name);
        e.HasIndex(a => new { a.IsActive, a.Name });
    }
}
