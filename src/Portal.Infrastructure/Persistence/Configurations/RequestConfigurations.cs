using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Auditing;
using Portal.Domain.Requests;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class OperationRequestConfiguration : IEntityTypeConfiguration<OperationRequest>
{
    public void Configure(EntityTypeBuilder<OperationRequest> b)
    {
        b.Ignore(r => r.BackupParameters);
        b.Ignore(r => r.RestoreParameters);
        b.Ignore(r => r.TargetNamespace);
        b.Ignore(r => r.Reference);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Namespace).HasMaxLength(63);
        b.Property(r => r.RequestedById).HasMaxLength(200);
        b.Property(r => r.RequestedByName).HasMaxLength(200);
        b.Property(r => r.DecidedById).HasMaxLength(200);
        b.Property(r => r.DecidedByName).HasMaxLength(200);
        b.Property(r => r.LeaseOwner).HasMaxLength(200);
        b.Property(r => r.ObjectName).HasMaxLength(253);
        b.Property(r => r.ObjectKind).HasMaxLength(100);
        b.Property(r => r.Phase).HasMaxLength(60);
        b.Property(r => r.Version).IsConcurrencyToken();
        // The executor's queue scan and the request lists.
        b.HasIndex(r => new { r.Status, r.LeaseExpiresAt });
        b.HasIndex(r => new { r.TenantId, r.CreatedAt });
        b.HasIndex(r => r.CreatedAt);
        b.HasIndex(r => new { r.DatabaseId, r.CreatedAt });
        // The list's status and kind filters, read newest first along the index and stopping after one page.
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.HasIndex(r => new { r.Kind, r.CreatedAt });
        b.Property(r => r.SubmissionFingerprint).HasMaxLength(64);
        // The duplicate check: the same ask, recently.
        b.HasIndex(r => new { r.SubmissionFingerprint, r.CreatedAt });
    }
}

internal sealed class RequestSubmissionKeyConfiguration : IEntityTypeConfiguration<RequestSubmissionKey>
{
    public void Configure(EntityTypeBuilder<RequestSubmissionKey> b)
    {
        // The primary key is what makes two identical asks racing on two replicas end with one request.
        b.HasKey(k => k.Key);
        b.Property(k => k.Key).HasMaxLength(100);
        b.HasIndex(k => k.RequestId);
        b.HasIndex(k => k.CreatedAt);
    }
}

internal sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Title).HasMaxLength(500);
        b.Property(e => e.Actor).HasMaxLength(200);
        b.HasIndex(e => new { e.RequestId, e.Sequence });
        // Retention removes the oldest rows first.
        b.HasIndex(e => e.At);
    }
}

internal sealed class ApprovalPolicyConfiguration : IEntityTypeConfiguration<ApprovalPolicy>
{
    public void Configure(EntityTypeBuilder<ApprovalPolicy> b)
    {
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.ApproverPersona).HasConversion<string>().HasMaxLength(40);
        b.HasIndex(p => new { p.TenantId, p.Kind }).IsUnique();
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(e => e.Actor).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.TargetType).HasMaxLength(50);
        b.Property(e => e.TargetId).HasMaxLength(200);
        b.Property(e => e.ActorUserId).HasMaxLength(100);
        b.Property(e => e.SourceAddress).HasMaxLength(100);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20).HasDefaultValue(AuditOutcome.Succeeded).HasSentinel((AuditOutcome)(-1));
        b.HasIndex(e => e.At);
        b.HasIndex(e => e.Sequence);
        b.HasIndex(e => new { e.TenantId, e.At });
        // The log of a tenant's SRE, newest first, one page at a time. (The text filters' trigram indexes are PostgreSQL's own,
        // raw SQL in the migration AuditTextSearchAndRetention.)
        b.HasIndex(e => new { e.TenantId, e.Sequence });
        b.HasIndex(e => e.Action);
    }
}
