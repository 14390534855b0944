using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Security;
using Portal.Web.Authentication;

namespace Portal.Web.Hosting;

/// <summary>
/// The demo's drill history, made by really running drills against the simulated clusters (not by writing rows), so the RTO
/// chart is not empty on first start and what the portal did can be seen with <c>kubectl</c> (the scratch namespaces
/// <c>&lt;namespace&gt;-drill-&lt;id&gt;</c>, their NetworkPolicy and Velero Restores): Sam (Webshop's SRE) drills shop-frontend on
/// prod-east (it passes within its target of 30 minutes) and shop-payments, whose target RTO he sets to one minute while the demo
/// makes its restores slow (<see cref="SlowPaymentsRestore"/>, see <see cref="DemoEnvironment"/>): it passes slower than its
/// target, so the compliance view shows it At risk. Through the same use cases Sam would use; only for a namespace that has no
/// drill yet, so later starts add nothing.
/// </summary>
internal sealed class DemoDrillSeeder(IPortalDbContextFactory factory, PrincipalOverride principal, SetTargetRto setTarget,
    RunRestoreDrill run, ILogger<DemoDrillSeeder> log)
{
    /// <summary>How long the demo's simulated Velero takes to restore shop-payments: longer than its one-minute target RTO.</summary>
    public static readonly TimeSpan SlowPaymentsRestore = TimeSpan.FromSeconds(75);

    private static readonly (string Namespace, TimeSpan TargetRto)[] Drilled =
    [
        ("shop-frontend", TimeSpan.FromMinutes(30)),
        ("shop-payments", TimeSpan.FromMinutes(1)),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        CurrentPrincipal sam;
        Dictionary<string, Guid> namespaces;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Name == "prod-east", ct);
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.ExternalId == DevelopmentUsers.Sam.ExternalId, ct);
            if (cluster is null || user is null) return;
            var names = Drilled.Select(d => d.Namespace).ToList();
            var drilled = await db.RestoreDrills.AsNoTracking().Where(d => d.ClusterId == cluster.Id && names.Contains(d.Namespace))
                .Select(d => d.Namespace).Distinct().ToListAsync(ct);
            namespaces = await db.TenantNamespaces.AsNoTracking()
                .Where(n => n.ClusterId == cluster.Id && names.Contains(n.Namespace) && !drilled.Contains(n.Namespace))
                .ToDictionaryAsync(n => n.Namespace, n => n.Id, ct);
            sam = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        }
        if (namespaces.Count == 0) return;

        var previous = principal.Principal;
        principal.Principal = sam;
        try
        {
            foreach (var (ns, target) in Drilled)
            {
                if (!namespaces.TryGetValue(ns, out var id)) continue;
                Warn(ns, await setTarget.HandleAsync(new SetTargetRtoCommand(id, target), ct));
                var started = await run.HandleAsync(new RunRestoreDrillCommand(id, Reason: "Demo: the first restore drill"), ct);
                Warn(ns, started);
                if (started.IsSuccess) log.LogInformation("Demo drill of {Namespace}: scratch namespace {Scratch}", ns, started.Value!.ScratchNamespace);
            }
        }
        finally
        {
            principal.Principal = previous;
        }
    }

    private void Warn<T>(string ns, Result<T> result)
    {
        if (!result.IsSuccess) log.LogWarning("Demo drill of {Namespace}: {Error}", ns, result.Error!.Message);
    }
}
