using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;

namespace Portal.Application.Features.Protection.Status;

/// <summary>Which namespaces to read: every one the context lets through, narrowed by the parts given.</summary>
/// <param name="NamespaceIds">Only these <c>TenantNamespace</c> ids (a namespace's page, one list on screen).</param>
/// <param name="Namespace">Only namespaces of this name (with <paramref name="ClusterId"/>: one namespace).</param>
/// <param name="WithClusterResources">Also each cluster's cluster-resources protection (platform engineers' views).</param>
public sealed record NamespaceStatusFilter(Guid? ClusterId = null, Guid? TenantId = null, Guid? PolicyId = null,
    IReadOnlyCollection<Guid>? NamespaceIds = null, bool WithClusterResources = false, string? Namespace = null);

/// <summary>The RPO verdict of one namespace (or, with an empty <see cref="Namespace"/> and no tenant, of a cluster's
/// cluster-scoped resources), with what it was worked out from.</summary>
/// <param name="NamespaceId">The <c>TenantNamespace</c> id; null for cluster resources.</param>
/// <param name="BelowMinimum">Why it falls below its tenant's minimum policy, in words; null when it meets it.</param>
/// <param name="Facts">What the follower recorded (only the columns the verdict needs); null before it has looked.</param>
public sealed record NamespaceStatus(Guid? NamespaceId, Guid TenantId, Guid ClusterId, string Namespace, ProtectionTarget Target,
    RpoVerdict Verdict, string? BelowMinimum, NamespaceProtection? Protection, ProtectionPolicy? Policy, ObservedLocation? Location,
    Guid? MinimumPolicyId, NamespaceRpoState? Facts, LastDrill? LastDrill = null);

/// <summary>
/// THE one place the protection status of namespaces is worked out (the compliance view, the namespaces list, the
/// follower's daily counts and the status gauge all call it), at READ time: the facts the follower wrote
/// (<see cref="NamespaceRpoState"/>), the live protection and its policy, the backup storage location its backups go
/// to, the tenant's minimum and the clock, through <see cref="RpoAssessment"/>. Reads only the database, in a fixed
/// number of queries whatever the number of namespaces (no cluster call, no query per namespace). The namespaces are
/// those the portal knows (<c>TenantNamespaces</c>) that the context's tenant filter lets through; the caller's use
/// case checks each result against the caller again.
/// </summary>
public sealed class NamespaceStatusReader(IOptions<ProtectionOptions> options)
{
    /// <summary>What a namespace without a policy is measured against (<c>Protection:DefaultTargetRpo</c>, a daily backup
    /// with some slack by default).</summary>
    public TimeSpan DefaultTargetRpo => options.Value.DefaultTargetRpo;

    public async Task<IReadOnlyList<NamespaceStatus>> ReadAsync(IPortalDbContext db, NamespaceStatusFilter filter, DateTimeOffset now,
        CancellationToken ct)
    {
        var namespaces = db.TenantNamespaces.AsNoTracking();
        var states = db.NamespaceRpoStates.AsNoTracking();
        var protections = db.NamespaceProtections.AsNoTracking().Where(p => p.State != ProtectionState.Removed);
        if (filter.ClusterId is { } clusterId)
        {
            namespaces = namespaces.Where(n => n.ClusterId == clusterId);
            states = states.Where(s => s.ClusterId == clusterId);
            protections = protections.Where(p => p.ClusterId == clusterId);
        }
        if (filter.TenantId is { } tenantId)
        {
            namespaces = namespaces.Where(n => n.TenantId == tenantId);
            states = states.Where(s => s.TenantId == tenantId);
            protections = protections.Where(p => p.TenantId == tenantId);
        }
        if (filter.Namespace is { } name)
        {
            namespaces = namespaces.Where(n => n.Namespace == name);
            states = states.Where(s => s.Namespace == name);
            protections = protections.Where(p => p.Namespace == name);
        }
        if (filter.NamespaceIds is { } ids)
        {
            var idList = ids.Distinct().ToList();
            namespaces = namespaces.Where(n => idList.Contains(n.Id));
        }
        if (!filter.WithClusterResources || filter.TenantId is not null || filter.NamespaceIds is not null || filter.Namespace is not null)
            protections = protections.Where(p => p.Target == ProtectionTarget.Namespace);

        var known = await namespaces.Select(n => new { n.Id, n.TenantId, n.ClusterId, n.Namespace }).ToListAsync(ct);
        if (known.Count == 0 && !filter.WithClusterResources) return [];
        var wanted = filter.NamespaceIds is null ? null : known.Select(n => (n.ClusterId, n.Namespace)).ToHashSet();
        var live = (await protections.ToListAsync(ct)).Where(p => wanted is null || p.Target != ProtectionTarget.Namespace
            || wanted.Contains((p.ClusterId, p.Namespace))).ToList();
        if (wanted is not null)
        {
            var names = known.Select(k => k.Namespace).Distinct().ToList();
            states = states.Where(s => names.Contains(s.Namespace));
        }
        // Only the facts the verdict is worked out from (half the columns: the read is most of the time on a large estate).
        var facts = (await states.Select(s => new
            {
                s.TenantId, s.ClusterId, s.Namespace, s.LastGoodAt, s.LastGoodSource, s.LastGoodBackup, s.FailedRunsInRow, s.FailureSummary,
                s.StorageLocation, s.SnapshotPointAt, s.SnapshotGap, s.UpdatedAt,
            }).ToListAsync(ct))
            .ToDictionary(s => (s.ClusterId, s.Namespace), s => new NamespaceRpoState(s.TenantId, s.ClusterId, s.Namespace, s.UpdatedAt)
            {
                LastGoodAt = s.LastGoodAt, LastGoodSource = s.LastGoodSource, LastGoodBackup = s.LastGoodBackup, FailedRunsInRow = s.FailedRunsInRow,
                FailureSummary = s.FailureSummary, StorageLocation = s.StorageLocation, SnapshotPointAt = s.SnapshotPointAt, SnapshotGap = s.SnapshotGap,
            });
        var drills = await LastDrillsAsync(db, filter, known.Count, ct);
        var byNamespace = live.Where(p => p.Target == ProtectionTarget.Namespace).ToDictionary(p => (p.ClusterId, p.Namespace));
        var policies = await db.ProtectionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var tenantIds = known.Select(n => n.TenantId).Distinct().ToList();
        // The minimum of tenants whose namespaces the context already let through (a cluster's personas see those
        // namespaces without seeing the tenants themselves): only the policy id leaves this query.
        var minimums = tenantIds.Count == 0 ? [] : await db.Tenants.AcrossTenants().AsNoTracking().Where(t => tenantIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.MinimumProtectionPolicyId, ct);
        var locations = (await db.ObservedLocations.AsNoTracking().Where(l => l.Kind == LocationKind.BackupStorage)
                .Where(l => filter.ClusterId == null || l.ClusterId == filter.ClusterId).ToListAsync(ct))
            .ToLookup(l => l.ClusterId);

        var result = new List<NamespaceStatus>(known.Count + 8);
        foreach (var n in known)
        {
            var protection = byNamespace.GetValueOrDefault((n.ClusterId, n.Namespace));
            if (filter.PolicyId is { } policyId && protection?.PolicyId != policyId) continue;
            var minimumId = minimums.GetValueOrDefault(n.TenantId);
            var state = facts.GetValueOrDefault((n.ClusterId, n.Namespace));
            if (state is not null && state.TenantId != n.TenantId) state = null; // facts of a previous owner
            // a drill of a previous owner does not count
            var drill = drills.TryGetValue((n.ClusterId, n.Namespace), out var d) && d.TenantId == n.TenantId ? d.Facts : null;
            result.Add(Assess(n.Id, n.TenantId, n.ClusterId, n.Namespace, protection, state,
                policies, locations, minimumId, now, drill));
        }
        foreach (var p in live.Where(p => p.Target == ProtectionTarget.ClusterResources))
        {
            if (filter.PolicyId is { } policyId && p.PolicyId != policyId) continue;
            result.Add(Assess(null, Guid.Empty, p.ClusterId, "", p, facts.GetValueOrDefault((p.ClusterId, "")), policies, locations, null, now));
        }
        return result;
    }

    private NamespaceStatus Assess(Guid? id, Guid tenantId, Guid clusterId, string ns, NamespaceProtection? protection, NamespaceRpoState? state,
        Dictionary<Guid, ProtectionPolicy> policies, ILookup<Guid, ObservedLocation> locations, Guid? minimumId, DateTimeOffset now,
        LastDrill? drill = null)
    {
        var policy = protection is null ? null : policies.GetValueOrDefault(protection.PolicyId);
        var locationName = state?.StorageLocation ?? policy?.StorageLocation;
        var onCluster = locations[clusterId];
        var location = locationName is null ? onCluster.FirstOrDefault(l => l.IsDefault) : onCluster.FirstOrDefault(l => l.Name == locationName);
        var verdict = DrillAssessment.Apply(RpoAssessment.Assess(state, protection, policy, location, DefaultTargetRpo, now), drill);
        var minimum = minimumId is { } m ? policies.GetValueOrDefault(m) : null;
        return new NamespaceStatus(id, tenantId, clusterId, ns, protection?.Target ?? ProtectionTarget.Namespace, verdict,
            RpoAssessment.BelowMinimum(protection, policy, minimum), protection, policy, location, minimumId, state, drill);
    }

    /// <summary>The latest ended (passed or failed) drill of each namespace the filter lets through: one query, "no later ended drill
    /// of the same namespace" answered by the index on (ClusterId, Namespace, CreatedAt); only the columns the verdict needs.</summary>
    private static async Task<Dictionary<(Guid ClusterId, string Namespace), (Guid TenantId, LastDrill Facts)>> LastDrillsAsync(IPortalDbContext db,
        NamespaceStatusFilter filter, int known, CancellationToken ct)
    {
        if (known == 0) return [];
        var ended = db.RestoreDrills.AsNoTracking().Where(d => d.Status == DrillStatus.Passed || d.Status == DrillStatus.Failed);
        var drills = ended;
        if (filter.ClusterId is { } clusterId) drills = drills.Where(d => d.ClusterId == clusterId);
        if (filter.TenantId is { } tenantId) drills = drills.Where(d => d.TenantId == tenantId);
        if (filter.Namespace is { } name) drills = drills.Where(d => d.Namespace == name);
        var latest = await drills
            .Where(d => !ended.Any(o => o.ClusterId == d.ClusterId && o.Namespace == d.Namespace && o.CreatedAt > d.CreatedAt))
            .Select(d => new { d.Id, d.TenantId, d.ClusterId, d.Namespace, d.CreatedAt, d.Status, d.MeasuredRto, d.TargetRto, d.Failure })
            .ToListAsync(ct);
        var result = new Dictionary<(Guid, string), (Guid, LastDrill)>(latest.Count);
        foreach (var d in latest)
            result[(d.ClusterId, d.Namespace)] = (d.TenantId, new LastDrill(d.Id, d.CreatedAt, d.Status, d.MeasuredRto, d.TargetRto, d.Failure));
        return result;
    }
}
