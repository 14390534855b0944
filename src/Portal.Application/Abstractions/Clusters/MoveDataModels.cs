using Portal.Databases.Messages;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>How many of a workload's pods (or a CloudNativePG Cluster's instances) are ready, of how many it asks for.</summary>
/// <param name="Ready">Available replicas of a Deployment, ready replicas of a StatefulSet, ready instances of a Cluster.</param>
/// <param name="Wanted">Its <c>spec.replicas</c> (<c>spec.instances</c> for a Cluster), 1 when not set.</param>
public sealed record ReadyCount(int Ready, int Wanted);

/// <summary>One CloudNativePG Backup as the portal follows it: its status, and when the API server made it (the
/// deadline of a wait counts from then).</summary>
public sealed record CnpgBackupObservation(CnpgBackupStatus Status, DateTimeOffset? CreatedAt)
{
    public bool IsFinished => Status.Finished;
}
