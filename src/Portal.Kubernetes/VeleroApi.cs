namespace Portal.Kubernetes;

/// <summary>Names of the API groups and resources the adapter addresses. Velero's <c>backups</c> shares its plural
/// with CloudNativePG's, so every call names the group.</summary>
public static class VeleroApi
{
    public const string Group = "velero.io";
    public const string Version = "v1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Backups = "backups";
    public const string Restores = "restores";
    public const string BackupStorageLocations = "backupstoragelocations";
    public const string DefaultNamespace = "velero";
    public const string ScheduleNameLabel = "velero.io/schedule-name";

    public const string CsiSnapshotGroup = "snapshot.storage.k8s.io";
    public const string VolumeSnapshotClasses = "volumesnapshotclasses";
    public const string ArgoCdGroup = "argoproj.io";
    public const string FluxKustomizeGroup = "kustomize.toolkit.fluxcd.io";
    public const string CloudNativePgGroup = "postgresql.cnpg.io";

    internal static string Plural(Portal.Application.Abstractions.Clusters.VeleroObjectKind kind) =>
        kind == Portal.Application.Abstractions.Clusters.VeleroObjectKind.Backup ? Backups : Restores;
}
