using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Recovery;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class RestoreDrillConfiguration : IEntityTypeConfiguration<RestoreDrill>
{
    public void Configure(EntityTypeBuilder<RestoreDrill> b)
    {
        b.Ignore(d => d.IsTerminal);
        b.Ignore(d => d.IsSameCluster);
        b.Ignore(d => d.MetTarget);
        b.Property(d => d.Namespace).HasMaxLength(63);
        b.Property(d => d.ScratchNamespaceName).HasMaxLength(63);
        b.Property(d => d.BackupName).HasMaxLength(253);
        b.Property(d => d.Trigger).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Step).HasMaxLength(500);
        b.Property(d => d.RestoreName).HasMaxLength(253);
        b.Property(d => d.Failure).HasMaxLength(2000);
        b.Property(d => d.Checks).AsJson();
        b.Property(d => d.CheckResults).AsJson();
        b.Property(d => d.CleanupState).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.CleanupError).HasMaxLength(2000);
        b.Property(d => d.RequestedBy).HasMaxLength(200);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.HasIndex(d => d.RequestId).IsUnique();
        // History of a namespace, newest first, and its latest drill.
        b.HasIndex(d => new { d.ClusterId, d.Namespace, d.CreatedAt });
        // The sweeper: drills whose scratch namespace is still there.
        b.HasIndex(d => new { d.CleanupState, d.TargetClusterId });
        b.HasIndex(d => new { d.TargetClusterId, d.ScratchNamespaceName }).IsUnique();
        b.HasIndex(d => d.TenantId);
        b.HasIndex(d => d.ScheduleId);
    }
}

internal sealed class DrillScheduleConfiguration : IEntityTypeConfiguration<DrillSchedule>
{
    public void Configure(EntityTypeBuilder<DrillSchedule> b)
    {
        b.Ignore(s => s.IsForPolicy);
        b.Property(s => s.Namespace).HasMaxLength(63);
        b.Property(s => s.Cron).HasMaxLength(100);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.Checks).AsJson();
        b.Property(s => s.CreatedBy).HasMaxLength(200);
        b.Property(s => s.Version).IsConcurrencyToken();
        // One schedule per namespace, one per policy.
        b.HasIndex(s => new { s.ClusterId, s.Namespace }).IsUnique().HasFilter("\"PolicyId\" IS NULL");
        b.HasIndex(s => s.PolicyId).IsUnique().HasFilter("\"PolicyId\" IS NOT NULL");
        b.HasIndex(s => s.NextDueAt);
        b.HasIndex(s => s.TenantId);
    }
}
