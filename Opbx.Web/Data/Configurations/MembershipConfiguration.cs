using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Opbx.Data.Configurations;

public sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> e)
    {
        e.HasIndex(m => new { m.OrganizationId, m.AccountId }).IsUnique();
        e.HasIndex(m => new { m.AccountId, m.Status });
        // The organizations list shows each organization's first owner.
        e.HasIndex(m => new { m.OrganizationId, m.Role, m.CreatedAt });
        // Pending invitations of an organization, newest first, for its dashboard (a trigger clears accepted ones).
        e.HasIndex(m => new { m.OrganizationId, m.InvitedAt });
        // A copy of the account's name kept by triggers (see migration MembershipAccountName), so an organization's
        // members list is read in name order from an index instead of sorting every member.
        e.Property<string>(OpbxDb.AccountNameColumn).HasMaxLength(100).HasDefaultValue("").ValueGeneratedOnAddOrUpdate();
        e.Property<string>(OpbxDb.AccountEmailColumn).HasMaxLength(256).HasDefaultValue("").UseCollation("NOCASE").ValueGeneratedOnAddOrUpdate();
        // Name order from the index; the email rides along so a search within the organization reads only the index.
        e.HasIndex(nameof(Membership.OrganizationId), nameof(Membership.Status), OpbxDb.AccountNameColumn, OpbxDb.AccountEmailColumn);
        e.HasIndex(nameof(Membership.OrganizationId), OpbxDb.AccountNameColumn, OpbxDb.AccountEmailColumn);
        // A role's members in name order (and searched) from the index alone.
        e.HasIndex(nameof(Membership.OrganizationId), nameof(Membership.Status), nameof(Membership.Role), OpbxDb.AccountNameColumn, OpbxDb.AccountEmailColumn);
        // A copy of the member's extension number kept by triggers (migration MembershipExtensionNumber), so the list sorted
        // by extension, with or without a role, is read in order from an index instead of joining and sorting every member.
        e.Property<string?>(OpbxDb.ExtensionNumberColumn).HasMaxLength(10).ValueGeneratedOnAddOrUpdate();
        e.HasIndex(nameof(Membership.OrganizationId), nameof(Membership.Status), OpbxDb.ExtensionNumberColumn, OpbxDb.AccountNameColumn);
        e.HasIndex(nameof(Membership.OrganizationId), nameof(Membership.Status), nameof(Membership.Role), OpbxDb.ExtensionNumberColumn, OpbxDb.AccountNameColumn);
        e.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        e.HasOne(m => m.Organization).WithMany(o => o.Memberships).HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(m => m.Account).WithMany(a => a.Memberships).HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
