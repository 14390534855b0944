using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Auditing;
using Portal.Domain.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Migrations;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Infrastructure.Persistence;

/// <summary>The portal's database. Every instance carries a <see cref="TenantScope"/>, and a global query
/// filter on every tenant-owned entity limits reads to it: a query that forgets to filter by tenant still
/// cannot return another tenant's rows. Provider-specific subclasses exist only to hold their migrations.</summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options), IPortalDbContext,
    Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
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
    public DbSet<ApprovalPolicy> ApprovalPolicies => Set<ApprovalPolicy>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<DatabaseTarget> DatabaseTargets => Set<DatabaseTarget>();
    public DbSet<DumpSchedule> DumpSchedules => Set<DumpSchedule>();
    public DbSet<DumpArtifact> DumpArtifacts => Set<DumpArtifact>();
    public DbSet<MigrationPlan> MigrationPlans => Set<MigrationPlan>();
    public DbSet<MigrationWave> MigrationWaves => Set<MigrationWave>();
    public DbSet<MigrationApplication> MigrationApplications => Set<MigrationApplication>();

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
        modelBuilder.Entity<ApprovalPolicy>().HasQueryFilter(p => _scopeAll || _scopeTenants.Contains(p.TenantId));
        // Estate-wide events (no tenant) are only for estate scopes.
        modelBuilder.Entity<AuditEvent>().HasQueryFilter(e => _scopeAll || (e.TenantId != null && _scopeTenants.Contains(e.TenantId.Value)));
    }

    private void ClusterScoped<T>(ModelBuilder modelBuilder) where T : class, IClusterScoped
    {
        Expression<Func<T, bool>> filter = e => _scopeAll || _scopeTenants.Contains(e.TenantId) || _scopeClusters.Contains(e.ClusterId);
        modelBuilder.Entity<T>().HasQueryFilter(filter);
    }

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        GuardAppendOnlyAudit();
        return base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnlyAudit();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void GuardAppendOnlyAudit()
    {
        if (ChangeTracker.Entries<AuditEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Audit events are append-only; they cannot be changed or deleted.");
    }
}
