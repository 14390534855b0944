using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>A drill's scratch namespace is never a tenant's: the paths that give namespaces to tenants refuse one that a drill
/// made (recorded as a drill's scratch namespace on that cluster) or that is labelled as a drill's.</summary>
public static class ScratchNamespaceGuard
{
    /// <summary>Why <paramref name="name"/> on the cluster cannot be given to a tenant; null when no drill owns it.
    /// <paramref name="found"/> is the namespace as read from the cluster, when the caller read it.</summary>
    public static async Task<string?> ExplainAsync(IPortalDbContext db, Guid clusterId, string name, NamespaceInfo? found, CancellationToken ct)
    {
        if (found is not null && found.Labels.ContainsKey(PortalLabels.DrillId))
            return $"Namespace {name} is the scratch namespace of a restore drill (labelled {PortalLabels.DrillId}); it cannot be given to a tenant.";
        if (!Domain.Recovery.ScratchNamespace.LooksLikeScratch(name)) return null;
        var drill = await db.RestoreDrills.AsNoTracking().AnyAsync(d => d.TargetClusterId == clusterId && d.ScratchNamespaceName == name, ct);
        return drill ? $"Namespace {name} is the scratch namespace of a restore drill; it cannot be given to a tenant." : null;
    }
}
