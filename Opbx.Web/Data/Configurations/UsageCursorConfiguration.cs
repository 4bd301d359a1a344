using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain.Usage;

namespace Opbx.Data.Configurations;

public sealed class UsageCursorConfiguration : IEntityTypeConfiguration<UsageCursor>
{
    public void Configure(EntityTypeBuilder<UsageCursor> e)
    {
        e.Property(c => c.Id).ValueGeneratedNever();
    }
}
