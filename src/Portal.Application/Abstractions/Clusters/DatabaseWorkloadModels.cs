using Portal.Domain.Databases;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A database the portal found in a namespace: a CloudNativePG Cluster (with its -app Secret and -rw
/// Service), or a StatefulSet/Deployment running a postgres, mysql or mariadb image.</summary>
public sealed record DatabaseCandidate(
    string Namespace,
    string SourceObject,
    DatabaseSource Source,
    DatabaseEngine Engine,
    int? ServerMajorVersion,
    string? ServiceName,
    int? Port,
    string? SecretName,
    string? UsernameKey,
    string? PasswordKey,
    IReadOnlyList<string> DatabaseNames,
    string? Username = null,
    bool UsernameIsImageDefault = false);

/// <summary>A Secret's key names (never its values).</summary>
public sealed record SecretKeys(string Name, IReadOnlyList<string> Keys);

public sealed record VolumeClaimInfo(string Name, string? StorageClass, IReadOnlyList<string> AccessModes, string Phase, string? Capacity);

/// <summary>A Job the portal follows (a CronJob's run or a "dump now" Job) and what its pod said.</summary>
public sealed record JobRunStatus(
    string Name,
    string? OwnerCronJob,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    bool Succeeded,
    bool Failed,
    string? FailureReason,
    /// <summary>The container's termination message (the dump script's one-line JSON), when a pod ended.</summary>
    string? TerminationMessage)
{
    public bool IsFinished => Succeeded || Failed;
}
