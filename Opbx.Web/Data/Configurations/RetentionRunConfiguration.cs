using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain;
using Opbx.Domain.Calls;

namespace Opbx.Data.Configurations;

public sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> e)
    {
        e.Property(r => r.OrganizationName).HasMaxLength(100);
        e.Property(r => r.StartedBy).HasMaxLength(120);
        e.Property(r => r.Failure).HasMaxLength(1000);
        // The jobs page lists the newest runs.
        e.HasIndex(r => r.StartedAt);
        e.HasIndex(r => new { r.OrganizationId, r.StartedAt });
        e.HasIndex(r => r.SweepId);
        // SweepId names the sweep a run belonged to. Sweeps are never deleted, so no foreign key: adding one to an existing
        // SQLite table rebuilds it outside the migration's transaction.
        e.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
