using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.TestSupport;

/// <summary>The intents of moving an application, for the fake migration gateways of the unit and component tests: the
/// use cases and pages never call them (they read and plan; the executor moves, tested against the simulator).</summary>
public abstract class MigrationGatewayWithoutMoves
{
    private static NotSupportedException NoMove() => new("Moving an application is tested against the cluster simulator (Portal.IntegrationTests).");

    public Task<GitOpsObject?> ReadGitOpsAsync(ClusterConnection cluster, GitOpsReference gitOps, CancellationToken ct) => throw NoMove();
    public Task<bool> FreezeGitOpsAsync(ClusterConnection cluster, GitOpsReference gitOps, GitOpsFreezeNotice notice, CancellationToken ct) => throw NoMove();
    public Task<bool> UnfreezeGitOpsAsync(ClusterConnection cluster, GitOpsFreeze freeze, DateTimeOffset now, CancellationToken ct) => throw NoMove();
    public Task<bool> RepointArgoApplicationAsync(ClusterConnection cluster, ObjectReference application, string serverUrl, string @namespace,
        string? priorAutomatedJson, CancellationToken ct) => throw NoMove();
    public Task<bool> RevertArgoApplicationAsync(ClusterConnection cluster, ObjectReference application, string? priorDestination, string @namespace,
        CancellationToken ct) => throw NoMove();
    public Task<AppliedObject> CreateArgoApplicationAsync(ClusterConnection cluster, GitOpsObject source, string @namespace, string? priorAutomatedJson,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw NoMove();
    public Task<AppliedObject> CreateKustomizationAsync(ClusterConnection cluster, GitOpsObject source, string sourceNamespace, string targetNamespace,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw NoMove();
    public Task<FluxSource?> ReadFluxSourceAsync(ClusterConnection cluster, ObjectReference source, CancellationToken ct) => throw NoMove();
    public Task<AppliedObject> CreateFluxSourceAsync(ClusterConnection cluster, FluxSource source, KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw NoMove();
    public Task DisownGitOpsAsync(ClusterConnection cluster, ObjectReference gitOpsObject, CancellationToken ct) => throw NoMove();
    public Task<IReadOnlyList<QuiescedWorkload>> ListWorkloadsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) => throw NoMove();
    public Task<bool> StopWorkloadAsync(ClusterConnection cluster, string @namespace, QuiescedWorkload workload, CancellationToken ct) => throw NoMove();
    public Task<bool> RestoreWorkloadAsync(ClusterConnection cluster, string @namespace, QuiescedWorkload workload, CancellationToken ct) => throw NoMove();
    public Task WaitForPodsGoneAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct) => throw NoMove();
    public Task<WorkloadReadiness> WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, TimeSpan limit,
        Func<WorkloadReadiness, Task> progress, CancellationToken ct) => throw NoMove();
    public Task WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct) => throw NoMove();
    public Task<ApplyResult> CreateNamespaceAsync(ClusterConnection cluster, string name, IEnumerable<KeyValuePair<string, string>> labels,
        KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw NoMove();
    public Task<AppliedObject> ApplyStoppedAsync(ClusterConnection cluster, JsonObject manifest, KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw NoMove();
    public Task<bool> AdoptRestoredAsync(ClusterConnection cluster, ObjectReference obj, string restoreName, KeyValuePair<string, string> ownerLabel,
        CancellationToken ct) => throw NoMove();
    public Task<IReadOnlyList<ObjectReference>> ListRestoredAsync(ClusterConnection cluster, string @namespace, string restoreName, CancellationToken ct) => throw NoMove();
    public Task WaitForBackupSyncedAsync(ClusterConnection cluster, string veleroNamespace, string backupName, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct) => throw NoMove();
}
