using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain;
using Opbx.Domain.Calls;

namespace Opbx.Data.Configurations;

public sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> e)
    {
        e.Property(c => c.UniqueId).HasMaxLength(150);
        e.Property(c => c.LinkedId).HasMaxLength(150);
        e.Property(c => c.Source).HasMaxLength(80);
        e.Property(c => c.Destination).HasMaxLength(80);
        e.Property(c => c.SourceChannel).HasMaxLength(200);
        e.Property(c => c.DestinationChannel).HasMaxLength(200);
        e.Property(c => c.CallerName).HasMaxLength(100);
        e.Property(c => c.CallerEmail).HasMaxLength(256);
        e.Property(c => c.CalleeName).HasMaxLength(100);
        e.Property(c => c.RecordingFile).HasMaxLength(100);
        e.Property(c => c.Disposition).HasConversion<string>().HasMaxLength(20);
        e.Property(c => c.Direction).HasConversion<string>().HasMaxLength(10);
        // Reading a line twice (a crash before the cursor was saved) updates the record instead of adding a second one.
        e.HasIndex(c => new { c.UniqueId, c.Sequence }).IsUnique();
        // Newest first within an organization (keyset paging by (StartedAt, Id)), and the legs of one call together.
        e.HasIndex(c => new { c.OrganizationId, c.StartedAt, c.Id });
        e.HasIndex(c => new { c.OrganizationId, c.LinkedId });
        // The number and extension filters (CallRecordLog): an equality or a prefix range on a generated key, then the start
        // time, so each filter finds its newest records by seeking instead of walking the organization's records newest-first.
        // Four indexes, not more: each costs every ingested record an insert (README Performance, ingest rate).
        e.Property(c => c.SourceSuffix).HasComputedColumnSql(CallNumberKeys.SuffixSql("Source"), stored: false);
        e.Property(c => c.DestinationSuffix).HasComputedColumnSql(CallNumberKeys.SuffixSql("Destination"), stored: false);
        e.Property(c => c.SourcePhone).HasComputedColumnSql(CallNumberKeys.PhoneSql("SourceChannel"), stored: false);
        e.Property(c => c.DestinationPhone).HasComputedColumnSql(CallNumberKeys.PhoneSql("DestinationChannel"), stored: false);
        e.HasIndex(c => new { c.OrganizationId, c.SourceSuffix, c.StartedAt });
        e.HasIndex(c => new { c.OrganizationId, c.DestinationSuffix, c.StartedAt });
        e.HasIndex(c => new { c.OrganizationId, c.SourcePhone, c.StartedAt });
        e.HasIndex(c => new { c.OrganizationId, c.DestinationPhone, c.StartedAt });
        e.HasIndex(c => c.MembershipId);
        e.HasIndex(c => c.CalleeMembershipId);
        // Storage used (the usage dashboards and alerts): the recorded calls' sizes, summed from this index alone.
        e.HasIndex(c => new { c.OrganizationId, c.RecordingBytes }).HasFilter("\"RecordingFile\" IS NOT NULL").HasDatabaseName("IX_CallRecords_Recorded");
        e.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
