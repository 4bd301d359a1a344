using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain;
using Opbx.Domain.Webhooks;

namespace Opbx.Data.Configurations;

public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> e)
    {
        e.Property(w => w.Url).HasMaxLength(WebhookUrl.MaxLength);
        e.Property(w => w.Events).HasMaxLength(200);
        e.Property(w => w.Secret).HasMaxLength(1000);
        e.HasIndex(w => w.OrganizationId);
        e.HasOne<Organization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
