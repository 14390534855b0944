using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A Velero Backup the portal wants to exist. <see cref="Name"/> is deterministic per request.</summary>
public sealed record VeleroBackupSpec(
    string Name,
    string Namespace,
    TimeSpan Ttl,
    VolumeBackupMode VolumeMode,
    string? StorageLocation,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>The one Velero Schedule that protects a namespace. <see cref="Cron"/> (five fields) runs in
/// <see cref="TimeZone"/> (IANA); <see cref="Labels"/> go on the Schedule and on every backup it makes.</summary>
/// <param name="ExcludedResources">Resources left out of every backup, as Velero names them (<c>secrets</c>,
/// <c>events.events.k8s.io</c>).</param>
/// <param name="Hooks">Pre/post exec hooks for application consistency, as Velero's <c>hooks.resources</c>.</param>
/// <param name="ClusterResourcesOnly">Back up the cluster's cluster-scoped resources and no namespaced ones
/// (<see cref="Namespace"/> is then ignored): a cluster-resources protection.</param>
public sealed record VeleroScheduleSpec(
    string Name,
    string Namespace,
    string Cron,
    string TimeZone,
    TimeSpan Ttl,
    VolumeProtection Volumes,
    string? StorageLocation,
    IReadOnlyList<string> ExcludedResources,
    bool Paused,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<BackupHook>? Hooks = null,
    bool ClusterResourcesOnly = false);

/// <summary>A Velero Restore the portal wants to exist.</summary>
/// <param name="Modifiers">Velero restore resource modifier rules applied to the objects as they are restored
/// (<see cref="RestoreModifiers"/>); none by default.</param>
public sealed record VeleroRestoreSpec(
    string Name,
    string BackupName,
    string SourceNamespace,
    string TargetNamespace,
    ExistingResourcePolicy ExistingResourcePolicy,
    bool RestoreVolumes,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<RestoreModifierRule>? Modifiers = null);

public enum VeleroObjectKind { Backup, Restore }

/// <summary>The status of a Velero Backup or Restore as the portal records it.</summary>
public sealed record VeleroObjectStatus(
    string Name,
    string? Phase,
    int? ItemsTotal,
    int? ItemsDone,
    int Warnings,
    int Errors,
    string? FailureReason,
    IReadOnlyList<string> ValidationErrors,
    IReadOnlyDictionary<string, string> Labels)
{
    public bool IsTerminal => Phase is "Completed" or "PartiallyFailed" or "Failed" or "FailedValidation";
}

/// <summary>A Velero Backup found on a cluster, made by the portal or not (a Schedule's, say).</summary>
public sealed record VeleroBackupInfo(
    string Name,
    string? Phase,
    IReadOnlyList<string> IncludedNamespaces,
    string? StorageLocation,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? Expiration,
    string? ScheduleName,
    string? PortalRequestId)
{
    /// <summary>An empty or "*" list means every namespace.</summary>
    public bool Includes(string ns) => IncludedNamespaces.Count == 0 || IncludedNamespaces.Contains("*") || IncludedNamespaces.Contains(ns);
    public bool IsRestorable => Phase is "Completed" or "PartiallyFailed";
}

public sealed record NamespaceInfo(string Name, string Phase, IReadOnlyDictionary<string, string> Labels);

public sealed record ClusterProbe(string ServerVersion);
