using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Opbx.Domain.Webhooks;

namespace Opbx.Data.Configurations;

public sealed class WebhookCursorConfiguration : IEntityTypeConfiguration<WebhookCursor>
{
    public void Configure(EntityTypeBuilder<WebhookCursor> e)
    {
        e.HasKey(c => c.Name);
        e.Property(c => c.Name).HasMaxLength(50);
    }
}
