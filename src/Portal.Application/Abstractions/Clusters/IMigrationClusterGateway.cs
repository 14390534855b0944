using System.Text.Json.Nodes;
using Portal.Moves.Preflight;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>How an apply went for one object.</summary>
public enum ApplyResult
{
    /// <summary>The object did not exist; the portal created it (rollback removes it).</summary>
    Created,
    /// <summary>The portal had created it before (it carries the application's label) and updated it.</summary>
    Updated,
    /// <summary>An object of that name was there already and is not the portal's: left as it was.</summary>
    LeftExisting,
}

/// <summary>
/// What moving applications between clusters needs from a cluster, in generic terms: the migration logic
/// (Portal.Moves) works on plain JSON objects, so this port reads and writes them as such. Implemented over
/// KubernetesClient (resource paths found by discovery); every failure surfaces as <see cref="ClusterAccessException"/>
/// (unreachable: transient).
/// </summary>
public partial interface IMigrationClusterGateway
{
    /// <summary>Every object in <paramref name="namespace"/> of every namespaced resource type the cluster serves with
    /// list (found by discovery, preferred version of each group; subresources, Events and the metrics API left out),
    /// with apiVersion and kind set. Types the caller may not list are skipped and named in the result.</summary>
    Task<NamespaceExport> ExportNamespaceAsync(ClusterConnection cluster, string @namespace, CancellationToken ct);

    /// <summary>One object, or null when it does not exist (or its type is not served).</summary>
    Task<JsonObject?> GetAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct);

    /// <summary>Objects of a type in a namespace (null: all namespaces, or a cluster-scoped type), optionally by label selector.</summary>
    Task<IReadOnlyList<JsonObject>> ListAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace,
        string? labelSelector, CancellationToken ct);

    /// <summary>Creates the object; when it exists and carries <paramref name="ownerLabel"/> with the same value (the
    /// portal created it earlier for the same application), replaces its spec and metadata instead; when it exists
    /// without it, leaves it. <paramref name="obj"/> must carry the label already.</summary>
    Task<ApplyResult> ApplyAsync(ClusterConnection cluster, JsonObject obj, KeyValuePair<string, string> ownerLabel, CancellationToken ct);

    /// <summary>Deletes the object (background propagation); true when it was there, false when it was gone already.</summary>
    Task<bool> DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct);

    /// <summary>What the preflight needs to know about a cluster: namespaces (owners not filled in: the portal knows
    /// them), storage, ingress and snapshot classes, served group/versions with their kinds, CRDs, and Velero's backup
    /// storage locations in <paramref name="veleroNamespace"/>. <see cref="TargetClusterFacts.SourceBackupLocations"/>
    /// is left empty: the caller reads the source with the same call.</summary>
    Task<TargetClusterFacts> ReadFactsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct);

    // ---- Moving data (database dump and restore, rsync claim copy): reads that name what they are for, so the
    // executor never walks Kubernetes JSON. Implemented in KubernetesMigrationGateway.MoveData.cs.

    /// <summary>The values of a Secret's <c>data</c>, decoded (UTF-8), or null when the Secret does not exist. Only for
    /// the portal's own Secrets (the rsync copy's credentials, made by the portal and read back on a second run).</summary>
    Task<IReadOnlyDictionary<string, string>?> GetOwnSecretValuesAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    /// <summary>Waits until LoadBalancer Service <paramref name="service"/> has an address and returns the first one (IP,
    /// else host name); <paramref name="waiting"/> is called once when it has none at first (or does not exist yet).</summary>
    /// <exception cref="ClusterWaitTimeoutException">No address within <paramref name="limit"/>.</exception>
    Task<string> WaitForLoadBalancerAddressAsync(ClusterConnection cluster, string @namespace, string service, TimeSpan limit,
        Func<Task> waiting, CancellationToken ct);

    /// <summary>Waits until every database is ready: a Deployment's replicas available, a StatefulSet's ready, a
    /// CloudNativePG Cluster's instances ready; <paramref name="progress"/> gets those still waited for, in words
    /// ("StatefulSet db (0 of 1 ready)", "CloudNativePG Cluster pg (1 of 3 instances ready)").</summary>
    /// <exception cref="ClusterWaitTimeoutException">Not all ready within <paramref name="limit"/>; names those that are not.</exception>
    Task WaitForDatabasesReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<AwaitedDatabase> databases, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct);
}

/// <summary>A namespace's objects as exported, and the resource types that could not be read (with the reason).</summary>
public sealed record NamespaceExport(IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> Unreadable);
