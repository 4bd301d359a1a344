using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> e)
    {
        e.Property(o => o.Name).HasMaxLength(100);
        e.HasIndex(o => o.Name).IsUnique();
        e.Property(o => o.Name).UseCollation("NOCASE");
        e.HasIndex(o => o.Slug).IsUnique();
        e.HasIndex(o => new { o.Status, o.CreatedAt });
        e.HasIndex(o => o.CreatedAt);
        e.Property(o => o.Industry).HasConversion<string>().HasMaxLength(20);
        e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(o => o.RecordingConsentMode).HasConversion<string>().HasMaxLength(20);
        e.Property(o => o.UsageAlertThresholds).HasMaxLength(40).HasDefaultValue("80,100");
        foreach (var counter in new[] { OpbxDb.MemberCountColumn, OpbxDb.ActiveMemberCountColumn, OpbxDb.ExtensionCountColumn, OpbxDb.AssignedExtensionCountColumn })
        {
            e.Property<int>(counter).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate();
        }
        e.HasIndex(OpbxDb.ActiveMemberCountColumn, nameof(Organization.Name));
    }
}
