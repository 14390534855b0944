using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Tenants;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.Property(t => t.Slug).HasMaxLength(63);
        b.Property(t => t.DisplayName).HasMaxLength(200);
        b.HasIndex(t => t.Slug).IsUnique();
    }
}

internal sealed class TenantNamespaceConfiguration : IEntityTypeConfiguration<TenantNamespace>
{
    public void Configure(EntityTypeBuilder<TenantNamespace> b)
    {
        b.Property(n => n.Namespace).HasMaxLength(63);
        b.Property(n => n.ClaimedBy).HasMaxLength(200);
        // One owner per namespace per cluster.
        b.HasIndex(n => new { n.ClusterId, n.Namespace }).IsUnique();
        b.HasIndex(n => n.TenantId);
    }
}
