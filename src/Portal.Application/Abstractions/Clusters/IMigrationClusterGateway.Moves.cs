using System.Text.Json.Nodes;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>
/// What moving one application needs, named by intent: the executor speaks of freezing GitOps, stopping workloads and
/// waiting for them, and the Kubernetes JSON behind each stays in the adapter. Waits take a time limit and a callback
/// told whenever the set of objects not ready yet changes; when the limit passes they throw
/// <see cref="ClusterWaitTimeoutException"/> naming what is not ready.
/// </summary>
public partial interface IMigrationClusterGateway
{
    // ---- GitOps on the source: freeze, unfreeze, and what the switch-over reads

    /// <summary>The Argo CD Application or Flux Kustomization, or null when it is not there.</summary>
    Task<GitOpsObject?> ReadGitOpsAsync(ClusterConnection cluster, GitOpsReference gitOps, CancellationToken ct);

    /// <summary>Turns Argo CD's automated sync off (or suspends the Flux Kustomization) and annotates why, by whom and
    /// until when; false when the object is gone.</summary>
    Task<bool> FreezeGitOpsAsync(ClusterConnection cluster, GitOpsReference gitOps, GitOpsFreezeNotice notice, CancellationToken ct);

    /// <summary>Puts the sync policy back as it was before the freeze and removes the freeze annotations (a Flux object
    /// that was not suspended before is asked to reconcile at <paramref name="now"/>); false when the object is gone.</summary>
    Task<bool> UnfreezeGitOpsAsync(ClusterConnection cluster, GitOpsFreeze freeze, DateTimeOffset now, CancellationToken ct);

    /// <summary>A central Argo CD's Application now deploys to <paramref name="serverUrl"/>/<paramref name="namespace"/>,
    /// with its automated sync as before the freeze (null: none).</summary>
    Task<bool> RepointArgoApplicationAsync(ClusterConnection cluster, ObjectReference application, string serverUrl, string @namespace,
        string? priorAutomatedJson, CancellationToken ct);

    /// <summary>Points a repointed Application at its former destination again (an API server URL or a cluster name).</summary>
    Task<bool> RevertArgoApplicationAsync(ClusterConnection cluster, ObjectReference application, string? priorDestination, string @namespace,
        CancellationToken ct);

    /// <summary>Creates on the target an Argo CD Application like <paramref name="source"/>, deploying in-cluster to
    /// <paramref name="namespace"/> with <paramref name="priorAutomatedJson"/> as its automated sync (null: none).</summary>
    Task<AppliedObject> CreateArgoApplicationAsync(ClusterConnection cluster, GitOpsObject source, string @namespace, string? priorAutomatedJson,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct);

    /// <summary>Creates on the target a Flux Kustomization like <paramref name="source"/>, not suspended, its target
    /// namespace moved from <paramref name="sourceNamespace"/> to <paramref name="targetNamespace"/>.</summary>
    Task<AppliedObject> CreateKustomizationAsync(ClusterConnection cluster, GitOpsObject source, string sourceNamespace, string targetNamespace,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct);

    /// <summary>The Flux source (GitRepository, OCIRepository ...) a Kustomization reads, or null when it is not there.</summary>
    Task<FluxSource?> ReadFluxSourceAsync(ClusterConnection cluster, ObjectReference source, CancellationToken ct);

    /// <summary>Creates a copy of a Flux source (its spec) on the target.</summary>
    Task<AppliedObject> CreateFluxSourceAsync(ClusterConnection cluster, FluxSource source, KeyValuePair<string, string> ownerLabel, CancellationToken ct);

    /// <summary>Before a GitOps object the portal created is deleted: a Flux Kustomization stops pruning (and is
    /// suspended), an Argo CD Application loses its resources finalizer, so what they deployed stays.</summary>
    Task DisownGitOpsAsync(ClusterConnection cluster, ObjectReference gitOpsObject, CancellationToken ct);

    // ---- Workloads: stop, start, wait

    /// <summary>The Deployments and StatefulSets (with their replicas) and CronJobs (with whether they are suspended) in
    /// a namespace, in that order.</summary>
    Task<IReadOnlyList<QuiescedWorkload>> ListWorkloadsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct);

    /// <summary>Scales the workload to zero, or suspends the CronJob; false when it is not there.</summary>
    Task<bool> StopWorkloadAsync(ClusterConnection cluster, string @namespace, QuiescedWorkload workload, CancellationToken ct);

    /// <summary>Scales the workload to the replicas it had, or suspends the CronJob as it was; false when it is not there.</summary>
    Task<bool> RestoreWorkloadAsync(ClusterConnection cluster, string @namespace, QuiescedWorkload workload, CancellationToken ct);

    /// <summary>Waits until no pod of the workloads runs; <paramref name="progress"/> gets the names of those that still
    /// have pods ("Deployment web").</summary>
    Task WaitForPodsGoneAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct);

    /// <summary>Waits until every Deployment and StatefulSet of the namespace has its replicas available and every claim is bound.</summary>
    Task<WorkloadReadiness> WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, TimeSpan limit,
        Func<WorkloadReadiness, Task> progress, CancellationToken ct);

    /// <summary>Waits until these workloads, and no others of the namespace, have their replicas available (the rule of the
    /// namespace-wide wait); <paramref name="progress"/> gets those not ready yet with why ("Deployment web (0 of 1 available)"),
    /// and the timeout names them.</summary>
    Task WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct);

    // ---- The target: namespace, apply, what Velero restored

    /// <summary>Creates the namespace with these labels (and the owner label); how it went.</summary>
    Task<ApplyResult> CreateNamespaceAsync(ClusterConnection cluster, string name, IEnumerable<KeyValuePair<string, string>> labels,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct);

    /// <summary>Applies one exported manifest labelled with the owner label, its workloads at zero replicas and its
    /// CronJobs suspended (the start step brings them up).</summary>
    Task<AppliedObject> ApplyStoppedAsync(ClusterConnection cluster, JsonObject manifest, KeyValuePair<string, string> ownerLabel, CancellationToken ct);

    /// <summary>True when the object was restored by Velero restore <paramref name="restoreName"/>; it then carries the
    /// owner label too (the portal's own from now on).</summary>
    Task<bool> AdoptRestoredAsync(ClusterConnection cluster, ObjectReference obj, string restoreName, KeyValuePair<string, string> ownerLabel,
        CancellationToken ct);

    /// <summary>Every object of the namespace that Velero restore <paramref name="restoreName"/> made.</summary>
    Task<IReadOnlyList<ObjectReference>> ListRestoredAsync(ClusterConnection cluster, string @namespace, string restoreName, CancellationToken ct);

    /// <summary>Waits until the cluster's Velero has synced backup <paramref name="backupName"/> from its storage location.</summary>
    Task WaitForBackupSyncedAsync(ClusterConnection cluster, string veleroNamespace, string backupName, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct);
}

/// <summary>An Argo CD Application or a Flux Kustomization as the move reads it. <see cref="Object"/> is for the checks that
/// compare it with the plan (preflight rules); everything else is named.</summary>
public sealed record GitOpsObject(
    ObjectReference Ref,
    JsonObject Object,
    string? ArgoAutomatedJson,
    bool FluxSuspended,
    bool OwnedByApplicationSet,
    bool ArgoDeploysInCluster,
    string? ArgoDestination,
    ObjectReference? FluxSource)
{
    private const string InClusterServer = "https://kubernetes.default.svc";

    /// <summary>Reads an Argo CD Application or Flux object (as the cluster serves it, or as the portal recorded it).</summary>
    public static GitOpsObject From(JsonObject obj, GitOpsKind kind)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var argo = kind == GitOpsKind.ArgoCdApplication;
        var metadata = obj["metadata"] as JsonObject;
        var spec = obj["spec"] as JsonObject;
        var ns = Str(metadata?["namespace"]);
        var sourceRef = spec?["sourceRef"] as JsonObject;
        var fluxSource = !argo && Str(sourceRef?["name"]) is { } repoName
            ? new ObjectReference(Str(sourceRef?["apiVersion"]) ?? ClusterApis.FluxSource, Str(sourceRef?["kind"]) ?? "GitRepository",
                Str(sourceRef?["namespace"]) ?? ns ?? "", repoName)
            : null;
        var destination = spec?["destination"];
        return new GitOpsObject(
            new ObjectReference(Str(obj["apiVersion"]) ?? "v1", Str(obj["kind"]) ?? "", ns, Str(metadata?["name"]) ?? ""),
            obj,
            argo ? spec?["syncPolicy"]?["automated"]?.ToJsonString() : null,
            !argo && spec?["suspend"] is JsonValue v && v.TryGetValue<bool>(out var suspended) && suspended,
            metadata?["ownerReferences"] is JsonArray owners && owners.Any(o => Str(o?["kind"]) == "ApplicationSet"),
            Str(destination?["server"]) == InClusterServer || Str(destination?["name"]) == "in-cluster",
            Str(destination?["server"]) ?? Str(destination?["name"]),
            fluxSource);
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>Who froze a GitOps object, why, and until when (written as annotations on it).</summary>
public sealed record GitOpsFreezeNotice(string FrozenBy, string Reason, string Until);

/// <summary>A Flux source as read on one cluster, to copy to another.</summary>
public sealed record FluxSource(ObjectReference Ref, JsonNode? Spec, string? SecretName);

/// <summary>Which object an apply wrote, and how it went.</summary>
public sealed record AppliedObject(ObjectReference Ref, ApplyResult Result);

/// <summary>The workloads and claims of a namespace: how many are ready, and the ones that are not, in words.</summary>
public sealed record WorkloadReadiness(int Workloads, int Available, int Claims, int Bound, IReadOnlyList<string> NotReady)
{
    public override string ToString() => $"{Available} of {Workloads} workloads available, {Bound} of {Claims} claims bound";
}

