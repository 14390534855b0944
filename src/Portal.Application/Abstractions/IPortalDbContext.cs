using Microsoft.EntityFrameworkCore;
using Portal.Domain.Access;
using Portal.Domain.Auditing;
using Portal.Domain.Clusters;
using Portal.Domain.Databases;
using Portal.Domain.Moves;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Application.Abstractions;

/// <summary>The portal's database as the application sees it. Tenant-owned sets are already filtered
/// to the caller's scope by the implementation.</summary>
public interface IPortalDbContext : IAsyncDisposable
{
    DbSet<Tenant> Tenants { get; }
    DbSet<TenantNamespace> TenantNamespaces { get; }
    DbSet<Cluster> Clusters { get; }
    DbSet<PortalUser> Users { get; }
    DbSet<ScopeBinding> ScopeBindings { get; }
    DbSet<UserSession> UserSessions { get; }
    DbSet<OperationRequest> Requests { get; }
    DbSet<RequestEvent> RequestEvents { get; }
    /// <summary>Slots claimed by recent asks (no tenant data: a hash and a request id), for refusing duplicates.</summary>
    DbSet<RequestSubmissionKey> RequestSubmissionKeys { get; }
    DbSet<ApprovalPolicy> ApprovalPolicies { get; }
    DbSet<AuditEvent> AuditEvents { get; }
    DbSet<DatabaseTarget> DatabaseTargets { get; }
    DbSet<DumpSchedule> DumpSchedules { get; }
    DbSet<DumpArtifact> DumpArtifacts { get; }
    DbSet<MigrationPlan> MigrationPlans { get; }
    DbSet<MigrationWave> MigrationWaves { get; }
    DbSet<MigrationApplication> MigrationApplications { get; }
    DbSet<ProtectionPolicy> ProtectionPolicies { get; }
    DbSet<ProtectionPolicyGrant> ProtectionPolicyGrants { get; }
    DbSet<NamespaceProtection> NamespaceProtections { get; }
    /// <summary>Velero Backups as the protection follower saw them (cluster-wide ones belong to no tenant).</summary>
    DbSet<ObservedBackup> ObservedBackups { get; }
    /// <summary>Velero backup storage and volume snapshot locations as the follower saw them (not tenant data).</summary>
    DbSet<ObservedLocation> ObservedLocations { get; }
    DbSet<ObservedGitOpsObject> ObservedGitOpsObjects { get; }
    /// <summary>Ready CSI snapshots of tenants' namespaces as the follower saw them (recovery points where a policy counts them).</summary>
    DbSet<ObservedSnapshot> ObservedSnapshots { get; }
    /// <summary>Bound claims of tenants' namespaces as the follower saw them (what a snapshot point must hold).</summary>
    DbSet<ObservedClaim> ObservedClaims { get; }
    /// <summary>Which replica follows which cluster (not tenant data).</summary>
    DbSet<ClusterFollowLease> ClusterFollowLeases { get; }
    DbSet<NamespaceRpoState> NamespaceRpoStates { get; }
    DbSet<ComplianceDay> ComplianceDays { get; }
    DbSet<Portal.Domain.Restores.GitOpsFreezeRecord> GitOpsFreezes { get; }
    /// <summary>Restore drills: one row per drill, its history.</summary>
    DbSet<RestoreDrill> RestoreDrills { get; }
    /// <summary>Drill schedules of a namespace (its tenant's) or of a policy (no tenant: estate scopes only).</summary>
    DbSet<DrillSchedule> DrillSchedules { get; }
    DbSet<Portal.Domain.Snapshots.SnapshotSchedule> SnapshotSchedules { get; }
    /// <summary>Personal access tokens (owned by a user, not a tenant: read them by owner).</summary>
    DbSet<AccessToken> AccessTokens { get; }
    /// <summary>First answers of API POSTs with an Idempotency-Key (no tenant data beyond the answer the caller already got).</summary>
    DbSet<Portal.Domain.Api.IdempotentAnswer> IdempotentAnswers { get; }
    /// <summary>Notification channels: a tenant's (filtered) and people's own (no tenant: always read with the owner's id).</summary>
    DbSet<Portal.Domain.Notifications.NotificationChannel> NotificationChannels { get; }
    /// <summary>The notification outbox, written by the persistence layer in the same save as the change it tells.</summary>
    DbSet<Portal.Domain.Notifications.NotificationEvent> NotificationEvents { get; }
    DbSet<Portal.Domain.Notifications.NotificationDelivery> NotificationDeliveries { get; }

    Task<int> SaveChangesAsync(CancellationToken ct = default);
}

/// <summary>Circuit-lived Blazor components and the executor create a short-lived context per unit of work.</summary>
public interface IPortalDbContextFactory
{
    /// <summary>Every context is bound to a <see cref="Security.TenantScope"/>: tenant-owned sets only return rows inside it.</summary>
    Task<IPortalDbContext> CreateAsync(Security.TenantScope scope, CancellationToken ct = default);
}
