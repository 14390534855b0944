namespace Portal.Application.Abstractions.Clusters;

/// <summary>A Velero Schedule as found on a cluster. <see cref="SpecHash"/> fingerprints its spec the same way
/// whoever reads it (the executor after writing, the follower later), so a change by someone else shows as a
/// different hash; <see cref="Cron"/> is the raw <c>spec.schedule</c> (with its <c>CRON_TZ=</c> prefix).</summary>
public sealed record VeleroScheduleInfo(
    string Name,
    string? Uid,
    string? Phase,
    IReadOnlyList<string> ValidationErrors,
    DateTimeOffset? LastBackup,
    string Cron,
    bool Paused,
    string? Ttl,
    IReadOnlyList<string> IncludedNamespaces,
    string? StorageLocation,
    string SpecHash,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>The port through which the protection executor keeps a protection's one Velero Schedule on its cluster.
/// Every write goes through the one apply path (strict field validation, the portal's field manager, adopt own and
/// refuse foreign by the owner label); failures surface as <see cref="ClusterAccessException"/>.</summary>
public interface IProtectionGateway
{
    /// <summary>Null when there is no Schedule of that name.</summary>
    Task<VeleroScheduleInfo?> GetScheduleAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct);

    /// <summary>Creates the Schedule or changes it in place (a paused one with <c>paused: true</c>). One of that name
    /// the portal did not make is refused (<see cref="ClusterFault.Conflict"/>) and left as it is. Returns the
    /// Schedule as stored, whose <see cref="VeleroScheduleInfo.SpecHash"/> the portal keeps to tell drift.</summary>
    Task<VeleroScheduleInfo> ApplyScheduleAsync(ClusterConnection cluster, string veleroNamespace, VeleroScheduleSpec spec, CancellationToken ct);

    /// <summary>Deletes the portal's Schedule (the backups it made stay until they expire). Gone already is done;
    /// one of that name the portal did not make is refused and left as it is.</summary>
    Task DeleteScheduleAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct);

    /// <summary>"Back up now": a Backup named <paramref name="backupName"/> whose spec is the Schedule's template (as
    /// <c>velero backup create --from-schedule</c>), with the schedule label and <paramref name="labels"/>. Created
    /// once; an existing one with the same request-id label is returned as it is.</summary>
    Task<VeleroObjectStatus> EnsureBackupFromScheduleAsync(ClusterConnection cluster, string veleroNamespace, string scheduleName,
        string backupName, IReadOnlyDictionary<string, string> labels, CancellationToken ct);
}
