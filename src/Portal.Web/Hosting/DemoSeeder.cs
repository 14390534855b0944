using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Tenants;
using Portal.Web.Authentication;

namespace Portal.Web.Hosting;

/// <summary>Demo data, written once into an empty database: two tenants, one user of each persona with
/// their scope bindings, and the namespaces each tenant owns on the simulated clusters.</summary>
internal sealed class DemoSeeder(IPortalDbContextFactory factory, RecordSignIn recordSignIn, TimeProvider time)
{
    public static readonly (string Slug, string Name)[] Tenants = [("webshop", "Webshop"), ("billing", "Billing")];

    public static readonly (string Tenant, string Cluster, string Namespace)[] Namespaces =
    [
        ("webshop", "prod-east", "shop-frontend"), ("webshop", "prod-east", "shop-payments"),
        ("billing", "prod-east", "billing-api"), ("webshop", "dr-west", "shop-frontend"),
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
        return await db.Clusters.Where(c => c.Name == name).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
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
    }
}
