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

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.Property(s => s.SourceAddress).HasMaxLength(100);
        b.Property(s => s.RevokedReason).HasMaxLength(200);
        b.HasIndex(s => s.UserId);
        b.Ignore(s => s.IsActive);
    }
}

/// <summary>The Data Protection key ring (see DataProtectionSetup): each key's XML is encrypted with a certificate
/// kept outside the database.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> b)
    {
        b.ToTable("DataProtectionKeys");
        b.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
