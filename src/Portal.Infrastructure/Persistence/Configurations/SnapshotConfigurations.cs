using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Snapshots;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class SnapshotScheduleConfiguration : IEntityTypeConfiguration<SnapshotSchedule>
{
    public void Configure(EntityTypeBuilder<SnapshotSchedule> b)
    {
        b.Ignore(s => s.Workload);
        b.Property(s => s.Namespace).HasMaxLength(63);
        b.Property(s => s.Claims).AsJson();
        b.Property(s => s.WorkloadKind).HasMaxLength(20);
        b.Property(s => s.WorkloadName).HasMaxLength(253);
        b.Property(s => s.SnapshotClass).HasMaxLength(253);
        b.Property(s => s.Consistency).HasConversion<string>().HasMaxLength(30);
        b.Property(s => s.Cron).HasMaxLength(100);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.CreatedBy).HasMaxLength(200);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => s.NextDueAt);
        b.HasIndex(s => new { s.ClusterId, s.Namespace });
        b.HasIndex(s => s.TenantId);
    }
}
