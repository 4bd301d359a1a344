using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(a => a.Source).HasConversion<string>().HasMaxLength(10);
        e.Property(a => a.Address).HasMaxLength(45);
        e.HasIndex(a => a.At);
        // A person's own account activity (sign-ins, password and two-factor changes) on their profile.
        e.HasIndex(a => new { a.TargetType, a.TargetId, a.At });
        e.HasIndex(a => new { a.OrganizationId, a.At });
    }
}
