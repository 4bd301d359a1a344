using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain.Calls;

namespace Opbx.Data.Configurations;

public sealed class CdrCursorConfiguration : IEntityTypeConfiguration<CdrCursor>
{
    public void Configure(EntityTypeBuilder<CdrCursor> e)
    {
        e.HasKey(c => c.Path);
        e.Property(c => c.Path).HasMaxLength(1000);
        e.Property(c => c.FileIdentity).HasMaxLength(200);
    }
}
