using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Auditing;
using Portal.Domain.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Moves;
using Portal.Domain.Notifications;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Domain.Restores;
using Portal.Domain.Tenants;

namespace Portal.Infrastructure.Persistence;

/// <summary>The portal's database. Every instance carries a <see cref="TenantScope"/>, and a global query
/// filter on every tenant-owned entity limits reads to it: a query that forgets to filter by tenant still
/// cannot return another tenant's rows. Provider-specific subclasses exist only to hold their migrations.</summary>
public abstract class PortalDbContext : DbContext, IPortalDbContext,
    Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    // Timeline and audit rows in the order they were added: the change tracker does not keep that order.
    private readonly List<object> _eventsAdded = [];

    protected PortalDbContext(DbContextOptions options) : base(options)
    {
        ChangeTracker.Tracked += (_, e) =>
        {
            if (e.Entry.State == EntityState.Added && e.Entry.Entity is RequestEvent or AuditEvent) _eventsAdded.Add(e.Entry.Entity);
        };
    }

    // Read by the query filters; EF parameterizes them per context instance.
    private bool _scopeAll;
    private List<Guid> _scopeTenants = [];
    private List<Guid> _scopeClusters = [];

    public TenantScope Scope
    {
        get => new(_scopeAll, _scopeTenants, _scopeClusters);
        set
        {
            _scopeAll = value.All;
            _scopeTenants = value.TenantIds.ToList();
            _scopeClusters = value.ClusterIds.ToList();
        }
    }

    /// <summary>The portal's clock (<see cref="TimeProvider"/>), for what a save stamps itself (the notification outbox).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<TenantNamespace> TenantNamespaces => Set<TenantNamespace>();
    public DbSet<Cluster> Clusters => Set<Cluster>();
    public DbSet<PortalUser> Users => Set<PortalUser>();
    public DbSet<ScopeBinding> ScopeBindings => Set<ScopeBinding>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();
    public DbSet<OperationRequest> Requests => Set<OperationRequest>();
    public DbSet<RequestEvent> RequestEvents => Set<RequestEvent>();
    public DbSet<RequestSubmissionKey> RequestSubmissionKeys => Set<RequestSubmissionKey>();
    public DbSet<ApprovalPolicy> ApprovalPolicies => Set<ApprovalPolicy>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<DatabaseTarget> DatabaseTargets => Set<DatabaseTarget>();
    public DbSet<DumpSchedule> DumpSchedules => Set<DumpSchedule>();
    public DbSet<DumpArtifact> DumpArtifacts => Set<DumpArtifact>();
    public DbSet<MigrationPlan> MigrationPlans => Set<MigrationPlan>();
    public DbSet<MigrationWave> MigrationWaves => Set<MigrationWave>();
    public DbSet<MigrationApplication> MigrationApplications => Set<MigrationApplication>();
    public DbSet<ProtectionPolicy> ProtectionPolicies => Set<ProtectionPolicy>();
    public DbSet<ProtectionPolicyGrant> ProtectionPolicyGrants => Set<ProtectionPolicyGrant>();
    public DbSet<NamespaceProtection> NamespaceProtections => Set<NamespaceProtection>();
    public DbSet<ObservedBackup> ObservedBackups => Set<ObservedBackup>();
    public DbSet<ObservedLocation> ObservedLocations => Set<ObservedLocation>();
    public DbSet<ObservedGitOpsObject> ObservedGitOpsObjects => Set<ObservedGitOpsObject>();
    public DbSet<ObservedSnapshot> ObservedSnapshots => Set<ObservedSnapshot>();
    public DbSet<ObservedClaim> ObservedClaims => Set<ObservedClaim>();
    public DbSet<ClusterFollowLease> ClusterFollowLeases => Set<ClusterFollowLease>();
    public DbSet<NamespaceRpoState> NamespaceRpoStates => Set<NamespaceRpoState>();
    public DbSet<ComplianceDay> ComplianceDays => Set<ComplianceDay>();
    public DbSet<GitOpsFreezeRecord> GitOpsFreezes => Set<GitOpsFreezeRecord>();
    public DbSet<RestoreDrill> RestoreDrills => Set<RestoreDrill>();
    public DbSet<DrillSchedule> DrillSchedules => Set<DrillSchedule>();
    public DbSet<Portal.Domain.Snapshots.SnapshotSchedule> SnapshotSchedules => Set<Portal.Domain.Snapshots.SnapshotSchedule>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<Portal.Domain.Api.IdempotentAnswer> IdempotentAnswers => Set<Portal.Domain.Api.IdempotentAnswer>();
    public DbSet<NotificationChannel> NotificationChannels => Set<NotificationChannel>();
    public DbSet<NotificationEvent> NotificationEvents => Set<NotificationEvent>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();

    Task<int> IPortalDbContext.SaveChangesAsync(CancellationToken ct) => SaveChangesAsync(ct);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

        modelBuilder.Entity<Tenant>().HasQueryFilter(t => _scopeAll || _scopeTenants.Contains(t.Id));
        ClusterScoped<TenantNamespace>(modelBuilder);
        ClusterScoped<OperationRequest>(modelBuilder);
        ClusterScoped<RequestEvent>(modelBuilder);
        ClusterScoped<DatabaseTarget>(modelBuilder);
        ClusterScoped<DumpSchedule>(modelBuilder);
        ClusterScoped<DumpArtifact>(modelBuilder);
        // Plans and waves span tenants and carry no tenant data; their applications are the tenants' and filtered.
        ClusterScoped<MigrationApplication>(modelBuilder);
        ClusterScoped<NamespaceProtection>(modelBuilder);
        ClusterScoped<ObservedBackup>(modelBuilder);
        ClusterScoped<ObservedGitOpsObject>(modelBuilder);
        ClusterScoped<ObservedSnapshot>(modelBuilder);
        ClusterScoped<ObservedClaim>(modelBuilder);
        ClusterScoped<NamespaceRpoState>(modelBuilder);
        ClusterScoped<ComplianceDay>(modelBuilder);
        ClusterScoped<GitOpsFreezeRecord>(modelBuilder);
        ClusterScoped<RestoreDrill>(modelBuilder);
        // A policy's drill schedule has no tenant and no cluster: only estate scopes see it.
        ClusterScoped<DrillSchedule>(modelBuilder);
        ClusterScoped<Portal.Domain.Snapshots.SnapshotSchedule>(modelBuilder);
        modelBuilder.Entity<ProtectionPolicyGrant>().HasQueryFilter(g => _scopeAll || _scopeTenants.Contains(g.TenantId));
        // Policies carry no tenant data (which tenants may use one is in its grants); locations and leases are the
        // clusters' own, read through use cases that check the caller may see the cluster.
        modelBuilder.Entity<ApprovalPolicy>().HasQueryFilter(p => _scopeAll || _scopeTenants.Contains(p.TenantId));
        // Estate-wide events (no tenant) are only for estate scopes.
        modelBuilder.Entity<AuditEvent>().HasQueryFilter(e => _scopeAll || (e.TenantId != null && _scopeTenants.Contains(e.TenantId.Value)));
        // A tenant's channels and their deliveries are the tenant's; a person's own (no tenant) are read only with their owner's
        // id in the query (the notification use cases); events of no tenant are the platform's, for estate scopes.
        modelBuilder.Entity<NotificationChannel>().HasQueryFilter(c => _scopeAll || c.TenantId == null || _scopeTenants.Contains(c.TenantId.Value));
        modelBuilder.Entity<NotificationDelivery>().HasQueryFilter(d => _scopeAll || d.TenantId == null || _scopeTenants.Contains(d.TenantId.Value));
        modelBuilder.Entity<NotificationEvent>().HasQueryFilter(e => _scopeAll || (e.TenantId != null && _scopeTenants.Contains(e.TenantId.Value)));
    }

    private void ClusterScoped<T>(ModelBuilder modelBuilder) where T : class, IClusterScoped
    {
        Expression<Func<T, bool>> filter = e => _scopeAll || _scopeTenants.Contains(e.TenantId) || _scopeClusters.Contains(e.ClusterId);
        modelBuilder.Entity<T>().HasQueryFilter(filter);
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        GuardAppendOnlyAudit();
        NotificationOutbox.Collect(this);
        var unstamped = UnstampedEvents();
        if (unstamped.Count > 0) Stamp(unstamped, await NextSequencesAsync(unstamped.Count, cancellationToken));
        return await base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnlyAudit();
        NotificationOutbox.Collect(this);
        var unstamped = UnstampedEvents();
        if (unstamped.Count > 0) Stamp(unstamped, NextSequencesAsync(unstamped.Count, CancellationToken.None).GetAwaiter().GetResult());
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>The next <paramref name="count"/> values of the event sequence shared by timelines and the audit log,
    /// each larger than any value given before.</summary>
    protected abstract Task<long[]> NextSequencesAsync(int count, CancellationToken ct);

    // Timeline and audit rows about to be inserted, in the order they were added.
    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> UnstampedEvents()
    {
        ChangeTracker.DetectChanges();
        var entries = _eventsAdded.Select(x => Entry(x))
            .Where(e => e.State == EntityState.Added && (long)e.Property(SequenceProperty).CurrentValue! == 0).ToList();
        _eventsAdded.RemoveAll(x => Entry(x).State != EntityState.Added);
        return entries;
    }

    private static void Stamp(List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> entries, long[] values)
    {
        Array.Sort(values);
        for (var i = 0; i < entries.Count; i++) entries[i].Property(SequenceProperty).CurrentValue = values[i];
    }

    private const string SequenceProperty = nameof(RequestEvent.Sequence);

    private void GuardAppendOnlyAudit()
    {
        if (ChangeTracker.Entries<AuditEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Audit events are append-only; they cannot be changed or deleted.");
    }
}
