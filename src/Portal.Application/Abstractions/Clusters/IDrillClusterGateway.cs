namespace Portal.Application.Abstractions.Clusters;

/// <summary>How making a drill's scratch namespace went.</summary>
public enum ScratchNamespaceResult
{
    Created,
    /// <summary>It was there already, made for this same drill (a second run of the executor).</summary>
    AlreadyThisDrills,
    /// <summary>A namespace of that name exists and is not this drill's: nothing was changed.</summary>
    Taken,
}

/// <summary>A drill's scratch namespace as found on a cluster (by the drill label).</summary>
public sealed record ScratchNamespaceInfo(string Name, Guid DrillId, bool Terminating);

/// <summary>
/// What a restore drill needs from the cluster it restores on, named by intent: a scratch namespace labelled as the drill's
/// (never a tenant's), isolated by a NetworkPolicy before anything is restored into it, and removed afterwards with the
/// drill's Velero Restore. Workload readiness and Velero's backup sync are the migration gateway's waits (one way to wait).
/// </summary>
public interface IDrillClusterGateway
{
    /// <summary>Creates the namespace labelled as the portal's (<c>managed-by</c>, so the admission policy lets the portal delete
    /// it) and as drill <paramref name="drillId"/>'s, with <paramref name="labels"/>.</summary>
    Task<ScratchNamespaceResult> CreateScratchNamespaceAsync(ClusterConnection cluster, string name, Guid drillId,
        IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Writes the drill's isolation NetworkPolicy (every pod of the namespace: ingress only from the namespace itself,
    /// egress only to it and to the cluster DNS in kube-system) and reads it back: true when it is on the cluster as written.</summary>
    Task<bool> IsolateAsync(ClusterConnection cluster, string @namespace, Guid drillId, IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Every namespace on the cluster labelled as a drill's.</summary>
    Task<IReadOnlyList<ScratchNamespaceInfo>> ListScratchNamespacesAsync(ClusterConnection cluster, CancellationToken ct);

    /// <summary>Deletes the scratch namespace (and so everything in it) if it carries drill <paramref name="drillId"/>'s label; false
    /// when it is gone already. A namespace of that name that is not the drill's is never deleted (<see cref="ClusterFault.Conflict"/>).</summary>
    Task<bool> DeleteScratchNamespaceAsync(ClusterConnection cluster, string name, Guid drillId, CancellationToken ct);

    /// <summary>Deletes the drill's Velero Restore (the restored objects stay until their namespace goes); false when it is gone already.</summary>
    Task<bool> DeleteRestoreAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct);
}
