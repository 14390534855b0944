using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Protection;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ObservedSnapshotConfiguration : IEntityTypeConfiguration<ObservedSnapshot>
{
    public void Configure(EntityTypeBuilder<ObservedSnapshot> b)
    {
        b.ToTable("ObservedSnapshots");
        b.Property(o => o.Namespace).HasMaxLength(63);
        b.Property(o => o.Name).HasMaxLength(253);
        b.Property(o => o.ClaimName).HasMaxLength(253);
        b.Property(o => o.SnapshotClass).HasMaxLength(253);
        b.HasIndex(o => new { o.ClusterId, o.Namespace, o.Name }).IsUnique();
        b.HasIndex(o => o.TenantId);
    }
}

internal sealed class ObservedClaimConfiguration : IEntityTypeConfiguration<ObservedClaim>
{
    public void Configure(EntityTypeBuilder<ObservedClaim> b)
    {
        b.ToTable("ObservedClaims");
        b.Property(o => o.Namespace).HasMaxLength(63);
        b.Property(o => o.Name).HasMaxLength(253);
        b.HasIndex(o => new { o.ClusterId, o.Namespace, o.Name }).IsUnique();
        b.HasIndex(o => o.TenantId);
    }
}
