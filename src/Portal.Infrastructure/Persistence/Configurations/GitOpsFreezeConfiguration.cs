using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Restores;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class GitOpsFreezeConfiguration : IEntityTypeConfiguration<GitOpsFreezeRecord>
{
    public void Configure(EntityTypeBuilder<GitOpsFreezeRecord> b)
    {
        b.ToTable("GitOpsFreezes");
        b.Ignore(f => f.IsOpen);
        b.Ignore(f => f.Object);
        b.Ignore(f => f.Prior);
        b.Property(f => f.Namespace).HasMaxLength(63);
        b.Property(f => f.ObjectApiVersion).HasMaxLength(120);
        b.Property(f => f.ObjectKind).HasMaxLength(63);
        b.Property(f => f.ObjectNamespace).HasMaxLength(63);
        b.Property(f => f.ObjectName).HasMaxLength(253);
        b.Property(f => f.PriorArgoAutomatedJson).HasMaxLength(4000);
        b.Property(f => f.FrozenBy).HasMaxLength(300);
        b.Property(f => f.Reason).HasMaxLength(1000);
        b.Property(f => f.UnfrozenBy).HasMaxLength(200);
        b.HasIndex(f => new { f.ClusterId, f.Namespace });
        b.HasIndex(f => f.RequestId);
    }
}

internal sealed class ObservedGitOpsObjectConfiguration : IEntityTypeConfiguration<Portal.Domain.Protection.ObservedGitOpsObject>
{
    public void Configure(EntityTypeBuilder<Portal.Domain.Protection.ObservedGitOpsObject> b)
    {
        b.ToTable("ObservedGitOpsObjects");
        b.Ignore(o => o.Reference);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(o => o.ManagedNamespace).HasMaxLength(63);
        b.Property(o => o.Name).HasMaxLength(253);
        b.Property(o => o.Namespace).HasMaxLength(63);
        b.HasIndex(o => new { o.ClusterId, o.ManagedNamespace, o.Kind, o.Namespace, o.Name }).IsUnique();
    }
}
