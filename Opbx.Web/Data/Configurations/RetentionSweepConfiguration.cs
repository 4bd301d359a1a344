using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain.Calls;

namespace Opbx.Data.Configurations;

public sealed class RetentionSweepConfiguration : IEntityTypeConfiguration<RetentionSweep>
{
    public void Configure(EntityTypeBuilder<RetentionSweep> e)
    {
        e.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.StartedBy).HasMaxLength(120);
        e.Property(x => x.Failure).HasMaxLength(1000);
        e.HasIndex(x => x.StartedAt);
        // At most one running run, decided by the database: a second start (another click, the nightly trigger) fails to insert.
        e.HasIndex(x => x.Status).IsUnique().HasFilter("\"Status\" = 'Running'").HasDatabaseName("IX_RetentionSweeps_Running");
    }
}
