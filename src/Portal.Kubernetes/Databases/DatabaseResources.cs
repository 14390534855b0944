namespace Portal.Kubernetes.Databases;

/// <summary>One resource the database gateway writes, addressed through the generic custom-objects API
/// (KubernetesClient sends group "" to <c>/api/v1</c>, so core kinds work the same way).</summary>
public sealed record DatabaseResource(string Group, string Version, string Kind, string Plural)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How errors name it: <c>jobs.batch</c>, <c>backups.postgresql.cnpg.io</c> (never a bare <c>backups</c>,
    /// which Velero shares), <c>persistentvolumeclaims</c>.</summary>
    public string Describe() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Whether the spec cannot be replaced once created. A Job's pod template is immutable, and a PVC's
    /// spec is too (bar a size increase) once the server has filled in volumeName; the portal never re-applies
    /// either with another spec, so an existing one made by the portal is adopted as it is.</summary>
    public bool SpecImmutable => Kind is "Job" or "PersistentVolumeClaim";

    public bool IsCloudNativePg => Group == VeleroApi.CloudNativePgGroup;
}

/// <summary>The kinds the database gateway accepts, keyed by apiVersion and kind.</summary>
public static class DatabaseResources
{
    public const string CloudNativePgVersion = "v1";

    public static readonly DatabaseResource PersistentVolumeClaim = new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims");
    public static readonly DatabaseResource Secret = new("", "v1", "Secret", "secrets");
    public static readonly DatabaseResource Service = new("", "v1", "Service", "services");
    public static readonly DatabaseResource Pod = new("", "v1", "Pod", "pods");
    public static readonly DatabaseResource StatefulSet = new("apps", "v1", "StatefulSet", "statefulsets");
    public static readonly DatabaseResource Deployment = new("apps", "v1", "Deployment", "deployments");
    public static readonly DatabaseResource Job = new("batch", "v1", "Job", "jobs");
    public static readonly DatabaseResource CronJob = new("batch", "v1", "CronJob", "cronjobs");
    public static readonly DatabaseResource CnpgCluster = new(VeleroApi.CloudNativePgGroup, CloudNativePgVersion, "Cluster", "clusters");
    public static readonly DatabaseResource CnpgBackup = new(VeleroApi.CloudNativePgGroup, CloudNativePgVersion, "Backup", "backups");
    public static readonly DatabaseResource CnpgScheduledBackup = new(VeleroApi.CloudNativePgGroup, CloudNativePgVersion, "ScheduledBackup", "scheduledbackups");

    /// <summary>What <c>ApplyAsync</c> and <c>DeleteAsync</c> may touch; anything else is a programming error.</summary>
    private static readonly DatabaseResource[] Writable = [PersistentVolumeClaim, CronJob, Job, CnpgBackup, CnpgScheduledBackup];

    public static DatabaseResource ForWrite(string? apiVersion, string? kind) =>
        Writable.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind)
        ?? throw new ArgumentException(
            $"The database gateway does not write {kind ?? "(no kind)"} objects of apiVersion {apiVersion ?? "(none)"}; it writes " +
            string.Join(", ", Writable.Select(r => $"{r.ApiVersion} {r.Kind}")) + ".");
}
