using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Access;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Tenants;
using Portal.Web.Authentication;

namespace Portal.Web.Hosting;

/// <summary>Demo data, written once into an empty database: two tenants, one user of each persona with
/// their scope bindings, and the namespaces each tenant owns on the simulated clusters.</summary>
internal sealed class DemoSeeder(IPortalDbContextFactory factory, RecordSignIn recordSignIn, TimeProvider time,
    RegisterDatabase registerDatabase, CreateDumpSchedule createDumpSchedule, PrincipalOverride principal,
    Portal.Application.Abstractions.Clusters.IClusterGateway gateway, Portal.Application.Features.Clusters.ClusterConnections connections,
    ILogger<DemoSeeder> log)
{
    /// <summary>The principal the demo's own database registration is recorded under.</summary>
    private static readonly CurrentPrincipal DemoOperator = CurrentPrincipal.System with { DisplayName = "demo seed" };

    public static readonly (string Slug, string Name)[] Tenants = [("webshop", "Webshop"), ("billing", "Billing")];

    public static readonly (string Tenant, string Cluster, string Namespace)[] Namespaces =
    [
        ("webshop", "prod-east", "shop-frontend"), ("webshop", "prod-east", "shop-payments"),
        ("billing", "prod-east", "billing-api"), ("webshop", "dr-west", "shop-frontend"),
        // The migration demo's applications (see the simulator's MigrationSeed).
        ("webshop", "prod-east", "catalog"), ("webshop", "prod-east", "storefront"), ("webshop", "prod-east", "inventory"),
        ("billing", "prod-east", "reports"),
    ];

    /// <summary>Creates tenants, users and bindings when missing; returns the platform engineer, who registers the clusters.</summary>
    public async Task<CurrentPrincipal> SeedPeopleAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        foreach (var (slug, name) in Tenants)
            if (!await db.Tenants.AnyAsync(t => t.Slug == slug, ct)) db.Tenants.Add(new Tenant(slug, name));
        await db.SaveChangesAsync(ct);

        var tenantIds = await db.Tenants.ToDictionaryAsync(t => t.Slug, t => t.Id, ct);
        CurrentPrincipal? platform = null;
        foreach (var user in DevelopmentUsers.All)
        {
            var id = (await recordSignIn.HandleAsync(new RecordSignInCommand(user.ExternalId, user.DisplayName, user.Email), ct)).ValueOrThrow().ToString();
            if (user == DevelopmentUsers.Priya) platform = new CurrentPrincipal(id, user.DisplayName, user.Email, []);
            if (await db.ScopeBindings.AnyAsync(b => b.PrincipalId == id, ct)) continue;
            var (persona, scope, target) = DevelopmentUsers.BindingOf(user);
            if (scope == ScopeKind.Cluster) continue; // bound once its cluster is registered (SeedNamespacesAsync)
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, id, persona, scope, scope == ScopeKind.Tenant ? tenantIds[target!] : null));
        }
        await db.SaveChangesAsync(ct);
        return platform!;
    }

    public async Task<Guid?> FindClusterAsync(string name, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        return await db.Clusters.Where(c => c.Name == name && c.RetiredAt == null).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
    }

    public async Task SeedNamespacesAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var tenants = await db.Tenants.ToDictionaryAsync(t => t.Slug, t => t.Id, ct);
        var clusters = await db.Clusters.ToDictionaryAsync(c => c.Name, c => c.Id, ct);
        foreach (var (tenant, cluster, ns) in Namespaces)
        {
            if (!clusters.TryGetValue(cluster, out var clusterId) || !tenants.TryGetValue(tenant, out var tenantId)) continue;
            if (!await db.TenantNamespaces.AnyAsync(n => n.ClusterId == clusterId && n.Namespace == ns, ct))
                db.TenantNamespaces.Add(new TenantNamespace(tenantId, clusterId, ns, time.GetUtcNow(), "demo seed"));
        }
        foreach (var user in DevelopmentUsers.All)
        {
            var (persona, scope, target) = DevelopmentUsers.BindingOf(user);
            if (scope != ScopeKind.Cluster || !clusters.TryGetValue(target!, out var clusterId)) continue;
            var id = (await db.Users.Where(u => u.ExternalId == user.ExternalId).Select(u => u.Id).FirstAsync(ct)).ToString();
            if (!await db.ScopeBindings.AnyAsync(b => b.PrincipalId == id && b.ClusterId == clusterId, ct))
                db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, id, persona, ScopeKind.Cluster, clusterId: clusterId));
        }
        await db.SaveChangesAsync(ct);

        // As a platform engineer's claim does (ClaimNamespace), every claimed namespace gets the portal's RoleBinding, so
        // `kubectl --kubeconfig data/kubeconfig-<cluster>.yaml get rolebindings -A` shows the rights the portal has.
        // Each start, because the simulated clusters start afresh while the claims stay in the database.
        var claims = await db.TenantNamespaces.AsNoTracking().Join(db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null),
            n => n.ClusterId, c => c.Id, (n, c) => new { n.Namespace, Cluster = c }).ToListAsync(ct);
        foreach (var claim in claims)
        {
            try
            {
                await gateway.EnsureNamespaceAccessAsync(connections.For(claim.Cluster), claim.Namespace, ct);
            }
            catch (Portal.Application.Abstractions.Clusters.ClusterAccessException e)
            {
                log.LogWarning("Demo: no RoleBinding for the portal in {Cluster}/{Namespace}: {Error}", claim.Cluster.Name, claim.Namespace, e.Message);
            }
        }
    }

    /// <summary>Billing's MySQL database, registered with a dump every five minutes to a new volume claim, so the
    /// demo shows dumps appearing on schedule. Webshop's CloudNativePG database is left for a DB engineer to
    /// register (the journey the README describes). Goes through the same use cases as a person would.</summary>
    public async Task SeedDatabasesAsync(CancellationToken ct)
    {
        Guid billingNs;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            var ns = await db.TenantNamespaces.AsNoTracking().Where(n => n.Namespace == "billing-api")
                .Select(n => new { n.Id, n.ClusterId, n.Namespace }).FirstOrDefaultAsync(ct);
            if (ns is null || await db.DatabaseTargets.AnyAsync(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace, ct)) return;
            billingNs = ns.Id;
        }
        var previous = principal.Principal;
        principal.Principal = DemoOperator;
        try
        {
            var registered = await registerDatabase.HandleAsync(new RegisterDatabaseCommand(billingNs, "billing-mysql", DatabaseEngine.MySql,
                "billing-mysql", 3306, ["billing"], "billing-mysql", "MYSQL_USER", "MYSQL_PASSWORD", 8,
                DatabaseSource.Workload, "statefulset/billing-mysql"), ct);
            if (!registered.IsSuccess)
            {
                log.LogWarning("Demo database billing-mysql: {Error}", registered.Error!.Message);
                return;
            }
            var scheduled = await createDumpSchedule.HandleAsync(new CreateDumpScheduleCommand(registered.Value, "every-5-minutes", DumpMethod.NativeTool,
                "*/5 * * * *", "Etc/UTC", "billing", MySql: new MySqlDumpOptions(),
                Destination: new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "billing-dumps", CreatePvc: true, SizeGi: 5),
                Retention: new DumpRetention(12, null), ClientMajorVersion: "8.4", Reason: "Demo: dumps on schedule"), ct);
            if (!scheduled.IsSuccess) log.LogWarning("Demo dump schedule of billing-mysql: {Error}", scheduled.Error!.Message);
        }
        finally
        {
            principal.Principal = previous;
        }
    }
}
