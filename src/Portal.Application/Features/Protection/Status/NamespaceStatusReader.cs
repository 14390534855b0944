using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Domain.Protection;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Protection.Status;

/// <summary>The protection status of one namespace, with what it was worked out from.</summary>
/// <param name="BelowMinimum">Why the namespace falls below its tenant's minimum policy; null when it meets it.</param>
/// <param name="Location">The backup storage location its backups depend on, as last seen.</param>
public sealed record NamespaceStatus(
    Guid TenantNamespaceId,
    Guid TenantId,
    Guid ClusterId,
    string Namespace,
    RpoVerdict Verdict,
    string? BelowMinimum,
    NamespaceProtection? Protection,
    ProtectionPolicy? Policy,
    NamespaceRpoState? Facts,
    ObservedLocation? Location);

/// <summary>
/// THE one place the protection status of namespaces is worked out (the compliance view, a namespace's page, the
/// follower's daily counts and the status gauge all call it): for a set of namespaces it reads, in a handful of
/// queries, the facts the follower wrote, the active protections and their policies, the storage locations and the
/// tenants' minimums, and judges each namespace with <see cref="RpoAssessment"/> at <see cref="TimeProvider"/>'s now.
/// It makes no cluster call. The context's tenant scope limits what it sees, as for any query.
/// </summary>
public sealed class NamespaceStatusReader(IOptions<ProtectionOptions> options, TimeProvider time)
{
    public TimeSpan DefaultTargetRpo => options.Value.DefaultTargetRpo;

    public async Task<IReadOnlyList<NamespaceStatus>> ReadAsync(IPortalDbContext db, IQueryable<TenantNamespace> namespaces, CancellationToken ct)
    {
        var list = await namespaces.AsNoTracking().ToListAsync(ct);
        if (list.Count == 0) return [];
        var clusterIds = list.Select(n => n.ClusterId).Distinct().ToList();
        var tenantIds = list.Select(n => n.TenantId).Distinct().ToList();

        var facts = (await db.NamespaceRpoStates.AsNoTracking().Where(s => clusterIds.Contains(s.ClusterId)).ToListAsync(ct))
            .ToDictionary(s => (s.ClusterId, s.Namespace));
        var protections = (await db.NamespaceProtections.AsNoTracking()
                .Where(p => clusterIds.Contains(p.ClusterId) && p.State == ProtectionState.Active && p.Target == ProtectionTarget.Namespace)
                .ToListAsync(ct))
            .ToDictionary(p => (p.ClusterId, p.Namespace));
        var policies = await db.ProtectionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var locations = await db.ObservedLocations.AsNoTracking()
            .Where(l => clusterIds.Contains(l.ClusterId) && l.Kind == LocationKind.BackupStorage).ToListAsync(ct);
        var minimums = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.MinimumProtectionPolicyId, ct);

        var now = time.GetUtcNow();
        var rpo = options.Value.DefaultTargetRpo;
        var result = new List<NamespaceStatus>(list.Count);
        foreach (var ns in list)
        {
            var key = (ns.ClusterId, ns.Namespace);
            var state = facts.GetValueOrDefault(key);
            if (state is not null && state.TenantId != ns.TenantId) state = null; // facts of a previous owner
            var protection = protections.GetValueOrDefault(key);
            var policy = protection is null ? null : policies.GetValueOrDefault(protection.PolicyId);
            var location = LocationOf(locations, ns.ClusterId, state?.StorageLocation ?? policy?.StorageLocation);
            var minimum = minimums.GetValueOrDefault(ns.TenantId) is { } m ? policies.GetValueOrDefault(m) : null;
            result.Add(new NamespaceStatus(ns.Id, ns.TenantId, ns.ClusterId, ns.Namespace,
                RpoAssessment.Assess(state, protection, policy, location, rpo, now),
                RpoAssessment.BelowMinimum(protection, policy, minimum), protection, policy, state, location));
        }

        return result;
    }

    /// <summary>The named location of the cluster, else its default one.</summary>
    private static ObservedLocation? LocationOf(List<ObservedLocation> locations, Guid clusterId, string? name) =>
        name is not null
            ? locations.FirstOrDefault(l => l.ClusterId == clusterId && l.Name == name)
            : locations.FirstOrDefault(l => l.ClusterId == clusterId && l.IsDefault);
}
