namespace Portal.Application.Features.Restores.Preview;

/// <summary>
/// The resources Velero never restores, whatever the restore asks: Velero adds them to every restore's excluded
/// resources (vmware-tanzu/velero pkg/controller/restore_controller.go, <c>nonRestorableResources</c>): nodes, events
/// (core and events.k8s.io), Velero's own backups, restores and (restic/backup) repositories, CSI nodes and volume
/// attachments (they describe the nodes of the cluster the backup came from).
/// </summary>
public static class NonRestorableResources
{
    private static readonly (string Group, string Kind, string Resource, string Why)[] Known =
    [
        ("", "Node", "nodes", "nodes belong to the cluster, not to a backup"),
        ("", "Event", "events", "events are history, not state"),
        ("events.k8s.io", "Event", "events.events.k8s.io", "events are history, not state"),
        ("velero.io", "Backup", "backups.velero.io", "backups come back by Velero's sync from the storage location"),
        ("velero.io", "Restore", "restores.velero.io", "restores belong to the cluster they ran on"),
        ("velero.io", "ResticRepository", "resticrepositories.velero.io", "Velero recreates its repositories when it needs them"),
        ("velero.io", "BackupRepository", "backuprepositories.velero.io", "Velero recreates its repositories when it needs them"),
        ("storage.k8s.io", "CSINode", "csinodes.storage.k8s.io", "they describe the nodes of the cluster the backup came from"),
        ("storage.k8s.io", "VolumeAttachment", "volumeattachments.storage.k8s.io", "they record which node a volume was attached to"),
    ];

    /// <summary>Velero's names of the resources it never restores, as it adds them to a restore's excluded resources.</summary>
    public static IReadOnlyList<string> Names { get; } = Known.Select(k => k.Resource).ToList();

    /// <summary>Why Velero never restores this kind, in words; null when it may be restored.</summary>
    public static string? Why(string group, string kind)
    {
        foreach (var k in Known)
        {
            if (k.Group == group && k.Kind == kind) return $"Velero never restores {k.Resource}: {k.Why}";
        }

        return null;
    }
}
