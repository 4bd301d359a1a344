using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain;
using Opbx.Domain.Webhooks;

namespace Opbx.Data.Configurations;

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.Property(d => d.EventId).HasMaxLength(40);
        e.Property(d => d.EventType).HasMaxLength(40);
        e.Property(d => d.ResponseBody).HasMaxLength(WebhookSender.MaxResponseChars);
        e.Property(d => d.Error).HasMaxLength(1000);
        e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        // One first delivery per event and endpoint: an event read twice is not sent twice (resends are extra rows).
        e.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique().HasFilter("\"ResendOfId\" IS NULL");
        // The dispatcher's question: what is due now.
        e.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // The delivery log of one endpoint, newest first.
        e.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        e.HasIndex(d => d.OrganizationId);
        e.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
