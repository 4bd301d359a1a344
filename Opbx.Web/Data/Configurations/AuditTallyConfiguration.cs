using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class AuditTallyConfiguration : IEntityTypeConfiguration<AuditTally>
{
    public void Configure(EntityTypeBuilder<AuditTally> e)
    {
        e.ToTable("AuditTally");
        e.HasKey(t => t.OrganizationId);
    }
}
