using Portal.Domain.Common;

namespace Portal.Kubernetes;

/// <summary>Names of the API groups and resources the adapter addresses. Velero's <c>backups</c> shares its plural
/// with CloudNativePG's, so every call names the group.</summary>
public static class VeleroApi
{
    public const string Group = ClusterApis.VeleroGroup;
    public const string Version = ClusterApis.VeleroVersion;
    public const string ApiVersion = Group + "/" + Version;
    public const string Backups = "backups";
    public const string Restores = "restores";
    public const string BackupStorageLocations = "backupstoragelocations";
    public const string VolumeSnapshotLocations = "volumesnapshotlocations";
    public const string Schedules = "schedules";
    public const string DownloadRequests = "downloadrequests";
    public const string DefaultNamespace = "velero";
    public const string ScheduleNameLabel = "velero.io/schedule-name";

    public const string CsiSnapshotGroup = ClusterApis.CsiSnapshotGroup;
    public const string VolumeSnapshotClasses = "volumesnapshotclasses";
    public const string ArgoCdGroup = ClusterApis.ArgoCdGroup;
    public const string FluxKustomizeGroup = ClusterApis.FluxKustomizeGroup;
    public const string CloudNativePgGroup = ClusterApis.CloudNativePgGroup;

    internal static string Plural(Portal.Application.Abstractions.Clusters.VeleroObjectKind kind) =>
        kind == Portal.Application.Abstractions.Clusters.VeleroObjectKind.Backup ? Backups : Restores;
}
