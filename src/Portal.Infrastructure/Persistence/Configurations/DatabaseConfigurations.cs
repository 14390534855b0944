using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Databases;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class DatabaseTargetConfiguration : IEntityTypeConfiguration<DatabaseTarget>
{
    public void Configure(EntityTypeBuilder<DatabaseTarget> b)
    {
        b.Ignore(d => d.Host);
        b.Property(d => d.Namespace).HasMaxLength(63);
        b.Property(d => d.Name).HasMaxLength(63);
        b.Property(d => d.ServiceName).HasMaxLength(63);
        b.Property(d => d.Engine).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Source).HasConversion<string>().HasMaxLength(30);
        b.Property(d => d.SourceObject).HasMaxLength(253);
        b.Property(d => d.RegisteredBy).HasMaxLength(200);
        b.Property(d => d.DatabaseNames).AsJson();
        b.Property(d => d.Credentials).AsJson();
        b.HasIndex(d => new { d.ClusterId, d.Namespace, d.Name }).IsUnique();
        b.HasIndex(d => d.TenantId);
    }
}

internal sealed class DumpScheduleConfiguration : IEntityTypeConfiguration<DumpSchedule>
{
    public void Configure(EntityTypeBuilder<DumpSchedule> b)
    {
        b.Ignore(s => s.CronJobName);
        b.Ignore(s => s.ScheduledBackupName);
        b.Ignore(s => s.OperatorCron);
        b.Ignore(s => s.LabelValue);
        b.Ignore(s => s.IsRemoved);
        b.Property(s => s.Namespace).HasMaxLength(63);
        b.Property(s => s.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.CnpgMethod).HasConversion<string>().HasMaxLength(30);
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Name).HasMaxLength(63);
        b.Property(s => s.DatabaseName).HasMaxLength(64);
        b.Property(s => s.Cron).HasMaxLength(100);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.ClientImage).HasMaxLength(200);
        b.Property(s => s.CreatedBy).HasMaxLength(200);
        b.Property(s => s.Postgres).AsJson();
        b.Property(s => s.MySql).AsJson();
        b.Property(s => s.Destination).AsJson();
        b.Property(s => s.Retention).AsJson();
        b.HasIndex(s => s.DatabaseTargetId);
        b.HasIndex(s => new { s.ClusterId, s.State });
    }
}

internal sealed class DumpArtifactConfiguration : IEntityTypeConfiguration<DumpArtifact>
{
    public void Configure(EntityTypeBuilder<DumpArtifact> b)
    {
        b.Ignore(a => a.Duration);
        b.Ignore(a => a.IsRestorable);
        b.Property(a => a.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.JobName).HasMaxLength(63);
        b.Property(a => a.Trigger).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.Location).HasMaxLength(1000);
        b.Property(a => a.ToolVersion).HasMaxLength(100);
        // One artifact per Job: the follower finds the row again after a restart.
        b.HasIndex(a => new { a.ClusterId, a.JobName }).IsUnique();
        b.HasIndex(a => new { a.DatabaseTargetId, a.StartedAt });
    }
}
