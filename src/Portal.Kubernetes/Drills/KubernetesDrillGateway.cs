using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Drills;

/// <summary>The <see cref="IDrillClusterGateway"/> over the migration gateway's generic reads and its one apply (server-side
/// apply, foreign objects left as they are), so a drill writes the way a move does.</summary>
public sealed class KubernetesDrillGateway(KubernetesMigrationGateway objects) : IDrillClusterGateway
{
    public async Task<ScratchNamespaceResult> CreateScratchNamespaceAsync(ClusterConnection cluster, string name, Guid drillId,
        IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var result = await objects.ApplyAsync(cluster, DrillObjects.Namespace(name, drillId, labels), DrillObjects.OwnerLabel(drillId), ct).ConfigureAwait(false);
        return result switch
        {
            ApplyResult.Created => ScratchNamespaceResult.Created,
            ApplyResult.Updated => ScratchNamespaceResult.AlreadyThisDrills,
            _ => ScratchNamespaceResult.Taken,
        };
    }

    public async Task<bool> IsolateAsync(ClusterConnection cluster, string @namespace, Guid drillId, IReadOnlyDictionary<string, string> labels,
        CancellationToken ct)
    {
        var policy = DrillObjects.IsolationPolicy(@namespace, drillId, labels);
        if (await objects.ApplyAsync(cluster, policy, DrillObjects.OwnerLabel(drillId), ct).ConfigureAwait(false) == ApplyResult.LeftExisting)
            return false;
        var written = await objects.GetAsync(cluster, "networking.k8s.io/v1", "NetworkPolicy", @namespace, DrillObjects.IsolationPolicyName, ct)
            .ConfigureAwait(false);
        return DrillObjects.IsIsolating(written, drillId);
    }

    public async Task<IReadOnlyList<ScratchNamespaceInfo>> ListScratchNamespacesAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var found = await objects.ListAsync(cluster, "v1", "Namespace", null, PortalLabels.DrillId, ct).ConfigureAwait(false);
        return found.Select(n => (Name: Text(n["metadata"]?["name"]), Id: Text(n["metadata"]?["labels"]?[PortalLabels.DrillId]),
                Terminating: n["metadata"]?["deletionTimestamp"] is not null || Text(n["status"]?["phase"]) == "Terminating"))
            .Where(n => n.Name is not null && Guid.TryParseExact(n.Id, "N", out _))
            .Select(n => new ScratchNamespaceInfo(n.Name!, Guid.ParseExact(n.Id!, "N"), n.Terminating)).ToList();
    }

    public async Task<bool> DeleteScratchNamespaceAsync(ClusterConnection cluster, string name, Guid drillId, CancellationToken ct)
    {
        var ns = await objects.GetAsync(cluster, "v1", "Namespace", null, name, ct).ConfigureAwait(false);
        if (ns is null) return false;
        if (Text(ns["metadata"]?["labels"]?[PortalLabels.DrillId]) != drillId.ToString("N"))
            throw new ClusterAccessException(ClusterFault.Conflict,
                $"Namespace {name} on {cluster} is not the scratch namespace of this drill (it lacks the label {PortalLabels.DrillId}); the portal leaves it.");
        return await objects.DeleteAsync(cluster, "v1", "Namespace", null, name, ct).ConfigureAwait(false);
    }

    public async Task<bool> DeleteRestoreAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct)
    {
        var restore = await objects.GetAsync(cluster, ClusterApis.Velero, "Restore", veleroNamespace, name, ct).ConfigureAwait(false);
        if (restore is null) return false;
        if (Text(restore["metadata"]?["labels"]?[PortalLabels.ManagedBy]) != PortalLabels.ManagedByValue)
            throw new ClusterAccessException(ClusterFault.Conflict, $"Velero Restore {name} on {cluster} is not the portal's; the portal leaves it.");
        return await objects.DeleteAsync(cluster, ClusterApis.Velero, "Restore", veleroNamespace, name, ct).ConfigureAwait(false);
    }
}
