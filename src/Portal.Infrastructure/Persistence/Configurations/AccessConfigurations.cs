using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Access;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> b)
    {
        b.Property(u => u.ExternalId).HasMaxLength(200);
        b.HasIndex(u => u.ExternalId).IsUnique();
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Email).HasMaxLength(320);
    }
}

internal sealed class ScopeBindingConfiguration : IEntityTypeConfiguration<ScopeBinding>
{
    public void Configure(EntityTypeBuilder<ScopeBinding> b)
    {
        b.Property(x => x.PrincipalKind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PrincipalId).HasMaxLength(200);
        b.Property(x => x.Persona).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.ScopeKind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => new { x.PrincipalKind, x.PrincipalId });
    }
}
