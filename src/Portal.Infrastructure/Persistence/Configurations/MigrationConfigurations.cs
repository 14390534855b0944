using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Moves;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class MigrationPlanConfiguration : IEntityTypeConfiguration<MigrationPlan>
{
    public void Configure(EntityTypeBuilder<MigrationPlan> b)
    {
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Description).HasMaxLength(2000);
        b.Property(p => p.AuthorId).HasMaxLength(200);
        b.Property(p => p.AuthorName).HasMaxLength(200);
        b.Ignore(p => p.IsRecovery);
        b.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Unrecoverable).AsJson();
        b.HasIndex(p => p.CreatedAt);
    }
}

internal sealed class MigrationWaveConfiguration : IEntityTypeConfiguration<MigrationWave>
{
    public void Configure(EntityTypeBuilder<MigrationWave> b)
    {
        b.Ignore(w => w.IsEditable);
        b.Ignore(w => w.IsUnderway);
        b.Ignore(w => w.HasEnded);
        b.Property(w => w.Name).HasMaxLength(100);
        b.Property(w => w.Status).HasConversion<string>().HasMaxLength(30);
        foreach (var name in new[] { nameof(MigrationWave.SubmittedById), nameof(MigrationWave.SubmittedByName), nameof(MigrationWave.DecidedById),
                     nameof(MigrationWave.DecidedByName), nameof(MigrationWave.ClosedByName) })
            b.Property<string?>(name).HasMaxLength(200);
        b.Property(w => w.DecisionComment).HasMaxLength(2000);
        b.Property(w => w.PlannerIds).AsJson();
        b.Property(w => w.Version).IsConcurrencyToken();
        b.HasOne<MigrationPlan>().WithMany().HasForeignKey(w => w.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(w => new { w.PlanId, w.Order });
        b.HasIndex(w => w.Status);
    }
}

internal sealed class MigrationApplicationConfiguration : IEntityTypeConfiguration<MigrationApplication>
{
    public void Configure(EntityTypeBuilder<MigrationApplication> b)
    {
        b.Ignore(a => a.HasErrors);
        b.Ignore(a => a.HasWarnings);
        b.Ignore(a => a.WarningsAcknowledged);
        b.Ignore(a => a.IsOwnerAcknowledged);
        b.Ignore(a => a.PassedPreflight);
        b.Ignore(a => a.HasStarted);
        b.Ignore(a => a.CanRollBack);
        b.Ignore(a => a.RollbackRequested);
        b.Ignore(a => a.HasEnded);
        b.Ignore(a => a.EffectiveMappings);
        b.Property(a => a.SourceNamespace).HasMaxLength(63);
        b.Property(a => a.TargetNamespace).HasMaxLength(63);
        b.Property(a => a.GitOps).AsJson();
        b.Property(a => a.Classification).AsJson();
        b.Property(a => a.RecommendedPlaybook).HasConversion<string>().HasMaxLength(40);
        b.Property(a => a.Playbook).HasConversion<string>().HasMaxLength(40);
        b.Property(a => a.RecommendationReason).HasMaxLength(4000);
        b.Property(a => a.Alternatives).AsJson();
        b.Property(a => a.Mappings).AsJson();
        b.Property(a => a.Findings).AsJson();
        b.Property(a => a.TransformSkipped).AsJson();
        b.Property(a => a.TransformNotes).AsJson();
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.StatusDetail).HasMaxLength(4000);
        foreach (var name in new[] { nameof(MigrationApplication.WarningsAcknowledgedByName), nameof(MigrationApplication.OwnerAcknowledgedById),
                     nameof(MigrationApplication.OwnerAcknowledgedByName), nameof(MigrationApplication.RollbackRequestedByName) })
            b.Property<string?>(name).HasMaxLength(200);
        b.Property(a => a.Steps).AsJson();
        b.Property(a => a.RollbackSteps).AsJson();
        b.Property(a => a.RunState).AsJson();
        b.Ignore(a => a.IsRecovery);
        b.Property(a => a.Recovery).AsJson();
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne<MigrationWave>().WithMany().HasForeignKey(a => a.WaveId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.PlanId, a.WaveId });
        b.HasIndex(a => new { a.ClusterId, a.SourceNamespace });
        b.HasIndex(a => a.TenantId);
    }
}
