using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Access;
using Portal.Domain.Api;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.ToTable("AccessTokens");
        b.Property(t => t.Name).HasMaxLength(AccessToken.MaxNameLength);
        b.Property(t => t.OwnerName).HasMaxLength(200);
        b.Property(t => t.SecretHash).HasMaxLength(64);
        b.Property(t => t.Hint).HasMaxLength(20);
        b.Property(t => t.RevokedBy).HasMaxLength(200);
        b.Property(t => t.Scopes).AsJson();
        b.Property(t => t.OwnerGroupIds).AsJson();
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasIndex(t => t.OwnerUserId);
    }
}

internal sealed class IdempotentAnswerConfiguration : IEntityTypeConfiguration<IdempotentAnswer>
{
    public void Configure(EntityTypeBuilder<IdempotentAnswer> b)
    {
        b.ToTable("IdempotentAnswers");
        b.Property(a => a.CallerKey).HasMaxLength(100);
        b.Property(a => a.Key).HasMaxLength(IdempotentAnswer.MaxKeyLength);
        b.Property(a => a.RequestHash).HasMaxLength(64);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Location).HasMaxLength(500);
        b.Ignore(a => a.Completed);
        b.HasIndex(a => new { a.CallerKey, a.Key }).IsUnique();
        b.HasIndex(a => a.CreatedAt);
    }
}
