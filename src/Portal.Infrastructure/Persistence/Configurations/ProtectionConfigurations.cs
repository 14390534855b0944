using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Protection;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ProtectionPolicyConfiguration : IEntityTypeConfiguration<ProtectionPolicy>
{
    public void Configure(EntityTypeBuilder<ProtectionPolicy> b)
    {
        b.Ignore(p => p.IsRetired);
        b.Property(p => p.Name).HasMaxLength(63);
        b.Property(p => p.Description).HasMaxLength(500);
        b.Property(p => p.Target).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Cron).HasMaxLength(100);
        b.Property(p => p.TimeZone).HasMaxLength(64);
        b.Property(p => p.Volumes).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.StorageLocation).HasMaxLength(63);
        b.Property(p => p.ExcludedResources).AsJson();
        b.Property(p => p.Hooks).AsJson();
        b.Property(p => p.CreatedBy).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class ProtectionPolicyGrantConfiguration : IEntityTypeConfiguration<ProtectionPolicyGrant>
{
    public void Configure(EntityTypeBuilder<ProtectionPolicyGrant> b)
    {
        b.Property(g => g.GrantedBy).HasMaxLength(200);
        b.HasIndex(g => new { g.TenantId, g.PolicyId }).IsUnique();
        b.HasIndex(g => g.PolicyId);
    }
}

internal sealed class NamespaceProtectionConfiguration : IEntityTypeConfiguration<NamespaceProtection>
{
    public void Configure(EntityTypeBuilder<NamespaceProtection> b)
    {
        b.Ignore(p => p.ScheduleName);
        b.Ignore(p => p.IsRemoved);
        b.Property(p => p.Namespace).HasMaxLength(63);
        b.Property(p => p.Target).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.PolicyName).HasMaxLength(63);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.PausedBy).HasMaxLength(200);
        b.Property(p => p.PauseReason).HasMaxLength(500);
        b.Property(p => p.AppliedSpecHash).HasMaxLength(64);
        b.Property(p => p.Drift).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.DriftDetail).HasMaxLength(1000);
        b.Property(p => p.CreatedBy).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        // Exactly one live protection (one Schedule) per namespace, or per cluster for its resources.
        b.HasIndex(p => new { p.ClusterId, p.Target, p.Namespace }).IsUnique().HasFilter("\"State\" <> 'Removed'");
        b.HasIndex(p => p.TenantId);
        b.HasIndex(p => p.PolicyId);
    }
}

internal sealed class ObservedBackupConfiguration : IEntityTypeConfiguration<ObservedBackup>
{
    public void Configure(EntityTypeBuilder<ObservedBackup> b)
    {
        b.Ignore(o => o.IsGood);
        b.Ignore(o => o.IsFinished);
        b.Ignore(o => o.IsFailure);
        b.Ignore(o => o.PointInTime);
        b.Property(o => o.Name).HasMaxLength(253);
        b.Property(o => o.Uid).HasMaxLength(64);
        b.Property(o => o.Phase).HasMaxLength(40);
        b.Property(o => o.ScheduleName).HasMaxLength(253);
        b.Property(o => o.IncludedNamespaces).AsJson();
        b.Property(o => o.ExcludedNamespaces).AsJson();
        b.Property(o => o.StorageLocation).HasMaxLength(63);
        b.Property(o => o.FailureReason).HasMaxLength(2000);
        b.HasIndex(o => new { o.ClusterId, o.Name }).IsUnique();
        b.HasIndex(o => new { o.ClusterId, o.ScheduleName });
        b.HasIndex(o => o.TenantId);
    }
}

internal sealed class ObservedLocationConfiguration : IEntityTypeConfiguration<ObservedLocation>
{
    public void Configure(EntityTypeBuilder<ObservedLocation> b)
    {
        b.Ignore(l => l.IsUnavailable);
        b.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Name).HasMaxLength(253);
        b.Property(l => l.Provider).HasMaxLength(200);
        b.Property(l => l.Bucket).HasMaxLength(253);
        b.Property(l => l.Prefix).HasMaxLength(1024);
        b.Property(l => l.Url).HasMaxLength(2048);
        b.Property(l => l.Phase).HasMaxLength(40);
        b.Property(l => l.AccessMode).HasMaxLength(40);
        b.Property(l => l.Message).HasMaxLength(2000);
        b.HasIndex(l => new { l.ClusterId, l.Kind, l.Name }).IsUnique();
    }
}

internal sealed class ClusterFollowLeaseConfiguration : IEntityTypeConfiguration<ClusterFollowLease>
{
    public void Configure(EntityTypeBuilder<ClusterFollowLease> b)
    {
        b.HasKey(l => l.ClusterId);
        b.Property(l => l.Holder).HasMaxLength(200);
        b.Property(l => l.Version).IsConcurrencyToken();
    }
}

internal sealed class NamespaceRpoStateConfiguration : IEntityTypeConfiguration<NamespaceRpoState>
{
    public void Configure(EntityTypeBuilder<NamespaceRpoState> b)
    {
        b.Property(s => s.Namespace).HasMaxLength(63);
        b.Property(s => s.LastGoodBackup).HasMaxLength(253);
        b.Property(s => s.LastGoodSource).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.LastRunBackup).HasMaxLength(253);
        b.Property(s => s.LastRunPhase).HasMaxLength(40);
        b.Property(s => s.FailureSummary).HasMaxLength(2000);
        b.Property(s => s.StorageLocation).HasMaxLength(63);
        b.Property(s => s.SnapshotGap).HasMaxLength(1000);
        b.Property(s => s.LastStatus).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(s => new { s.ClusterId, s.Namespace }).IsUnique();
        b.HasIndex(s => s.TenantId);
    }
}

internal sealed class ComplianceDayConfiguration : IEntityTypeConfiguration<ComplianceDay>
{
    public void Configure(EntityTypeBuilder<ComplianceDay> b)
    {
        b.HasIndex(d => new { d.Day, d.TenantId, d.ClusterId }).IsUnique();
        b.HasIndex(d => new { d.TenantId, d.Day });
    }
}
