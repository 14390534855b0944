using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Clusters;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> b)
    {
        b.Property(c => c.Name).HasMaxLength(63);
        // Names are unique among clusters in service; a retired cluster's name may be registered again.
        b.HasIndex(c => c.Name).IsUnique().HasFilter("\"RetiredAt\" IS NULL");
        b.Property(c => c.RetiredBy).HasMaxLength(200);
        b.Property(c => c.ApiServerUrl).HasMaxLength(500);
        b.Property(c => c.AuthKind).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Health).HasConversion<string>().HasMaxLength(30);
        // Capabilities are always read and replaced whole: one JSON column.
        b.Property(c => c.Capabilities).AsJson();
    }
}
