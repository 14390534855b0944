using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Notifications;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannel>
{
    public void Configure(EntityTypeBuilder<NotificationChannel> b)
    {
        b.Ignore(c => c.IsPersonal);
        b.Ignore(c => c.IsPaused);
        b.Ignore(c => c.Types);
        b.Ignore(c => c.GroupIds);
        b.Property(c => c.OwnerUserId).HasMaxLength(200);
        b.Property(c => c.OwnerGroupIds).HasMaxLength(8000);
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.EncryptedTarget).HasMaxLength(8000);
        b.Property(c => c.TargetHint).HasMaxLength(300);
        b.Property(c => c.EncryptedSecret).HasMaxLength(8000);
        b.Property(c => c.EventTypes).HasMaxLength(1000);
        b.Property(c => c.PausedReason).HasMaxLength(2000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.TenantId);
        b.HasIndex(c => c.OwnerUserId);
    }
}

internal sealed class NotificationEventConfiguration : IEntityTypeConfiguration<NotificationEvent>
{
    public void Configure(EntityTypeBuilder<NotificationEvent> b)
    {
        b.Property(e => e.Type).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Title).HasMaxLength(300);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.Property(e => e.LinkPath).HasMaxLength(500);
        b.Property(e => e.LeaseOwner).HasMaxLength(200);
        b.Property(e => e.Version).IsConcurrencyToken();
        // The worker's claim: events not yet handed to their channels, oldest first.
        b.HasIndex(e => new { e.DispatchedAt, e.OccurredAt });
        b.HasIndex(e => e.TenantId);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.Ignore(d => d.IsTest);
        b.Property(d => d.OwnerUserId).HasMaxLength(200);
        b.Property(d => d.EventType).HasConversion<string>().HasMaxLength(40);
        b.Property(d => d.Title).HasMaxLength(300);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.LeaseOwner).HasMaxLength(200);
        b.Property(d => d.LastError).HasMaxLength(1000);
        b.Property(d => d.Version).IsConcurrencyToken();
        // Never the same event twice to the same channel, whichever replica or restart fans it out.
        b.HasIndex(d => new { d.EventId, d.ChannelId }).IsUnique();
        // The worker's claim: due attempts.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // A channel's delivery log, newest first.
        b.HasIndex(d => new { d.ChannelId, d.CreatedAt });
        b.HasIndex(d => d.TenantId);
    }
}
