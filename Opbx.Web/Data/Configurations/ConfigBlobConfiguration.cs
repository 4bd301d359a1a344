using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class ConfigBlobConfiguration : IEntityTypeConfiguration<ConfigBlob>
{
    public void Configure(EntityTypeBuilder<ConfigBlob> e)
    {
        e.HasKey(x => x.Hash);
        e.Property(x => x.Hash).HasMaxLength(64);
    }
}
