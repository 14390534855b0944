using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Protection.Namespaces;
using Portal.Application.Features.Protection.Policies;
using Portal.Application.Security;
using Portal.Domain.Protection;

namespace Portal.Web.Hosting;

/// <summary>
/// Continuous protection for the demo, through the portal's own use cases and requests, so the simulated clusters hold
/// the real Schedules and their backups (<c>kubectl get schedules,backups -n velero</c>): two policies (gold: hourly,
/// kept 7 days, RPO 2 h, CSI snapshots moved to object storage; bronze: daily at 02:00 Europe/Berlin, kept 30 days,
/// RPO 26 h, file-system backup, to prod-east's <c>archive</c> location), both granted to Webshop and Billing; Billing
/// must be on gold or better. shop-frontend is protected by gold (Protected after its first backup); billing-api by
/// bronze, whose location the demo makes Unavailable (At risk, and below Billing's minimum); the rest is not protected.
/// The simulated clusters start afresh on every start, so each later start re-applies the policies' Schedules.
/// </summary>
internal sealed class DemoProtectionSeeder(IPortalDbContextFactory factory, PrincipalOverride principal,
    CreateProtectionPolicy createPolicy, GrantProtectionPolicy grant, SetTenantProtectionMinimum setMinimum,
    ProtectNamespace protect, ReapplyProtectionPolicy reapply, ILogger<DemoProtectionSeeder> log)
{
    private static readonly CurrentPrincipal DemoOperator = CurrentPrincipal.System with { DisplayName = "demo seed" };

    /// <summary>The location bronze writes to on prod-east, made Unavailable by the demo (see SimulatedClusterHost).</summary>
    public const string ArchiveLocation = "archive";

    public async Task SeedAsync(CancellationToken ct)
    {
        var previous = principal.Principal;
        principal.Principal = DemoOperator;
        try
        {
            Dictionary<string, Guid> policies;
            await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
                policies = await db.ProtectionPolicies.AsNoTracking().Where(p => p.Name == "gold" || p.Name == "bronze").ToDictionaryAsync(p => p.Name, p => p.Id, ct);
            if (policies.Count > 0)
            {
                // A later start: the simulated clusters are new, the protections are not. Write their Schedules again.
                foreach (var id in policies.Values)
                {
                    var again = await reapply.HandleAsync(new ReapplyProtectionPolicyCommand(id, "Demo: the simulated clusters started afresh"), ct);
                    if (!again.IsSuccess) log.LogWarning("Demo protection: {Error}", again.Error!.Message);
                }
                return;
            }
            await SeedFirstTimeAsync(ct);
        }
        finally
        {
            principal.Principal = previous;
        }
    }

    private async Task SeedFirstTimeAsync(CancellationToken ct)
    {
        var gold = await CreateAsync("gold", new ProtectionPolicyInput("Business-critical: hourly, a week back, volumes copied off the storage system.",
            "0 * * * *", "Etc/UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(2), VolumeProtection.CsiSnapshotsMovedToObjectStorage, null,
            ["events", "events.events.k8s.io"], []), ct);
        var bronze = await CreateAsync("bronze", new ProtectionPolicyInput("Nightly, a month back, to the archive bucket.",
            "0 2 * * *", "Europe/Berlin", TimeSpan.FromDays(30), TimeSpan.FromHours(26), VolumeProtection.FileSystemBackup, ArchiveLocation,
            ["events", "events.events.k8s.io"], []), ct);
        if (gold is null || bronze is null) return;

        Dictionary<string, Guid> tenants;
        List<(Guid Id, string Cluster, string Namespace)> namespaces;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => t.Id, ct);
            namespaces = (await db.TenantNamespaces.AsNoTracking()
                .Join(db.Clusters.AsNoTracking(), n => n.ClusterId, c => c.Id, (n, c) => new { n.Id, Cluster = c.Name, n.Namespace }).ToListAsync(ct))
                .Select(n => (n.Id, n.Cluster, n.Namespace)).ToList();
        }
        foreach (var slug in new[] { "webshop", "billing" })
        {
            if (!tenants.TryGetValue(slug, out var tenantId)) continue;
            foreach (var policy in new[] { gold.Value, bronze.Value }) Warn(await grant.HandleAsync(new GrantProtectionPolicyCommand(policy, tenantId), ct));
        }
        if (tenants.TryGetValue("billing", out var billing))
            Warn(await setMinimum.HandleAsync(new SetTenantProtectionMinimumCommand(billing, gold.Value), ct));

        foreach (var (cluster, ns, policy) in new[] { ("prod-east", "shop-frontend", gold.Value), ("prod-east", "billing-api", bronze.Value) })
        {
            var target = namespaces.FirstOrDefault(n => n.Cluster == cluster && n.Namespace == ns);
            if (target.Id == Guid.Empty) continue;
            Warn(await protect.HandleAsync(new ProtectNamespaceCommand(target.Id, policy, "Demo: continuous protection"), ct));
        }
    }

    private async Task<Guid?> CreateAsync(string name, ProtectionPolicyInput input, CancellationToken ct)
    {
        var made = await createPolicy.HandleAsync(new CreateProtectionPolicyCommand(name, ProtectionTarget.Namespace, input), ct);
        if (made.IsSuccess) return made.Value!.Id;
        log.LogWarning("Demo policy {Name}: {Error}", name, made.Error!.Message);
        return null;
    }

    private void Warn<T>(Portal.Application.Common.Result<T> result)
    {
        if (!result.IsSuccess) log.LogWarning("Demo protection: {Error}", result.Error!.Message);
    }
}
