using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class QueueMemberConfiguration : IEntityTypeConfiguration<QueueMember>
{
    public void Configure(EntityTypeBuilder<QueueMember> e)
    {
        e.HasIndex(x => new { x.QueueId, x.ExtensionId }).IsUnique();
        // The members of a page of lists, in order: the tenant filter's organization and the lists' ids both search this one
        // index, so the planner never walks every member of the organization (it did, by the organization's own index).
        e.HasIndex(x => new { x.OrganizationId, x.QueueId, x.Position });
        e.HasIndex(x => x.ExtensionId);
        e.HasOne(x => x.Queue).WithMany(q => q.Members).HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Extension).WithMany().HasForeignKey(x => x.ExtensionId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
