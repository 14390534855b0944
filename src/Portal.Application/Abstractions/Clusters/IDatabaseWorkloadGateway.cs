using System.Text.Json.Nodes;
using Portal.Domain.Common;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>What database dumps need from a cluster: discovery of databases, checks of the Secret and PVC a
/// schedule refers to, and the batch/v1 (and CloudNativePG) objects that carry dumps out. Implemented over
/// KubernetesClient; failures surface as <see cref="ClusterAccessException"/>. Objects are built by the
/// application (so tests validate them against the real schemas) and passed here as JSON.</summary>
public interface IDatabaseWorkloadGateway
{
    Task<IReadOnlyList<DatabaseCandidate>> DiscoverDatabasesAsync(ClusterConnection cluster, string @namespace, CancellationToken ct);

    /// <summary>The key names of a Secret, or null when it does not exist.</summary>
    Task<SecretKeys?> GetSecretKeysAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    /// <summary>Null when the claim does not exist.</summary>
    Task<VolumeClaimInfo?> GetVolumeClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    /// <summary>Creates the object, or replaces its spec when an object of that name carrying the same
    /// <see cref="PortalLabels.RequestId"/>-style owner label exists; a foreign object of that name is a Conflict.
    /// Works for PersistentVolumeClaim, CronJob, Job, and CloudNativePG Backup/ScheduledBackup.</summary>
    Task<JsonObject> ApplyAsync(ClusterConnection cluster, JsonObject manifest, string ownerLabel, CancellationToken ct);

    Task DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string @namespace, string name, CancellationToken ct);

    /// <summary>The Jobs in a namespace carrying the label selector (e.g. a schedule's id), with their pods' outcome.</summary>
    Task<IReadOnlyList<JobRunStatus>> ListJobRunsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct);

    /// <summary>Follows one Job until it finishes (watch with 410 handling), yielding each change.</summary>
    IAsyncEnumerable<JobRunStatus> WatchJobAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    /// <summary>One CloudNativePG Backup as the API server returns it (status included); null when it does not exist.</summary>
    Task<JsonObject?> GetCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    /// <summary>The CloudNativePG Backups in a namespace carrying the label selector (e.g. the
    /// <c>cnpg.io/scheduled-backup</c> label the operator puts on the Backups a ScheduledBackup makes).</summary>
    Task<IReadOnlyList<JsonObject>> ListCnpgBackupsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct);

    /// <summary>Follows one CloudNativePG Backup until the operator finishes it (the same resilient watch as a Job's),
    /// yielding each change of its status. A Backup that does not exist, or is deleted meanwhile, is NotFound.</summary>
    IAsyncEnumerable<CnpgBackupObservation> WatchCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);
}
