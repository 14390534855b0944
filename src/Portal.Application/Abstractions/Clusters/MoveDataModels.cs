using Portal.Databases.Messages;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A database a move waits for on the target: a workload (Deployment, StatefulSet) or a CloudNativePG Cluster.</summary>
/// <param name="Replicas">The replicas it must have ready (a workload's remembered replicas, 1 when not set); null for a
/// CloudNativePG Cluster, whose <c>spec.instances</c> says.</param>
public sealed record AwaitedDatabase(string ApiVersion, string Kind, string Name, int? Replicas);

/// <summary>One CloudNativePG Backup as the portal follows it: its status, and when the API server made it (the
/// deadline of a wait counts from then).</summary>
public sealed record CnpgBackupObservation(CnpgBackupStatus Status, DateTimeOffset? CreatedAt)
{
    public bool IsFinished => Status.Finished;
}
