using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Domain.Databases;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Clusters.Retire;

/// <summary>Everything in the portal that still uses a cluster, read in the same unit of work that retires it.</summary>
internal sealed record ClusterUsage(
    IReadOnlyList<OperationRequest> OpenRequests,
    IReadOnlyList<DumpSchedule> Schedules,
    int Databases,
    IReadOnlyList<MigrationPlan> Plans,
    IReadOnlyList<MigrationWave> OpenWaves,
    IReadOnlyList<Domain.Tenants.TenantNamespace> Claims)
{
    public bool IsEmpty => OpenRequests.Count == 0 && Schedules.Count == 0 && Databases == 0 && Plans.Count == 0 && Claims.Count == 0;

    /// <summary>What even a cascade cannot undo safely: work the executor is doing on the cluster right now.</summary>
    public IEnumerable<string> Blockers()
    {
        var running = OpenRequests.Count(r => r.Status == RequestStatus.Running);
        if (running > 0) yield return $"{Count(running, "request")} running on it right now";
        var migrating = OpenRequests.Count(r => r.Kind.IsMigrationKind() && r.Status != RequestStatus.Running);
        if (migrating > 0) yield return $"{Count(migrating, "application move")} of a migration wave waiting to run";
        var underway = OpenWaves.Count(w => w.IsUnderway);
        if (underway > 0) yield return $"{Count(underway, "migration wave")} approved or moving ({string.Join(", ", OpenWaves.Where(w => w.IsUnderway).Select(w => w.Name))})";
    }

    public IEnumerable<string> Describe()
    {
        if (OpenRequests.Count > 0)
            yield return $"{Count(OpenRequests.Count, "request")} in flight ({string.Join(", ", OpenRequests.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"))})";
        if (Schedules.Count > 0) yield return $"{Count(Schedules.Count, "dump schedule")} ({string.Join(", ", Schedules.Select(x => x.Name).Take(5))}{(Schedules.Count > 5 ? ", …" : "")})";
        if (Databases > 0) yield return $"{Count(Databases, "registered database")}";
        if (Plans.Count > 0) yield return $"{Count(Plans.Count, "migration plan")} ({string.Join(", ", Plans.Select(p => p.Name).Take(5))}{(Plans.Count > 5 ? ", …" : "")})";
        if (Claims.Count > 0) yield return $"{Count(Claims.Count, "namespace")} owned by tenants ({string.Join(", ", Claims.Select(c => c.Namespace).Order().Take(5))}{(Claims.Count > 5 ? ", …" : "")})";
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    public static async Task<ClusterUsage> ReadAsync(IPortalDbContext db, Guid clusterId, CancellationToken ct)
    {
        var requests = await db.Requests.Where(r => r.ClusterId == clusterId && (r.Status == RequestStatus.Draft || r.Status == RequestStatus.PendingApproval
            || r.Status == RequestStatus.Approved || r.Status == RequestStatus.Queued || r.Status == RequestStatus.Running)).ToListAsync(ct);
        var schedules = await db.DumpSchedules.Where(x => x.ClusterId == clusterId && x.State != DumpScheduleState.Removed).ToListAsync(ct);
        var databases = await db.DatabaseTargets.CountAsync(d => d.ClusterId == clusterId, ct);
        var plans = await db.MigrationPlans.Where(p => p.SourceClusterId == clusterId || p.TargetClusterId == clusterId).ToListAsync(ct);
        var planIds = plans.Select(p => p.Id).ToList();
        var waves = await db.MigrationWaves.Where(w => planIds.Contains(w.PlanId)).ToListAsync(ct);
        // Ended (completed, with problems, rolled back, closed): the wave's own rule, not a second list of states.
        var openWaves = waves.Where(w => !w.HasEnded).ToList();
        // A plan whose waves all ended is history; one with no wave yet, or an open wave, still means to use the cluster.
        var openPlans = plans.Where(p => !waves.Any(w => w.PlanId == p.Id) || openWaves.Any(w => w.PlanId == p.Id)).ToList();
        var claims = await db.TenantNamespaces.Where(n => n.ClusterId == clusterId).ToListAsync(ct);
        return new ClusterUsage(requests, schedules, databases, openPlans, openWaves, claims);
    }
}
