using Portal.Application.Abstractions.Clusters;

namespace Portal.Application.Features.Storage;

/// <summary>
/// Which snapshot class serves which storage, by the rules the tools apply: a CSI snapshot needs a VolumeSnapshotClass whose
/// driver is the volume's CSI driver (a storage class's provisioner); Velero takes the class of the driver labelled
/// <c>velero.io/csi-volumesnapshot-class</c>, else the only class of the driver, else none; an in-tree volume (no CSI)
/// cannot be snapshotted at all.
/// </summary>
public static class StorageRules
{
    public static IReadOnlyList<SnapshotClassInfo> ClassesFor(string driver, IReadOnlyList<SnapshotClassInfo> classes) =>
        classes.Where(c => c.Driver == driver).ToList();

    /// <summary>The class Velero's CSI plugin picks for <paramref name="driver"/>: the labelled one, else the only one; null
    /// when there is none or several without the label.</summary>
    public static SnapshotClassInfo? VeleroClassFor(string driver, IReadOnlyList<SnapshotClassInfo> classes)
    {
        var mine = ClassesFor(driver, classes);
        return mine.FirstOrDefault(c => c.ForVelero) ?? (mine.Count == 1 ? mine[0] : null);
    }

    /// <summary>An in-tree provisioner (<c>kubernetes.io/…</c>) makes volumes without CSI.</summary>
    public static bool IsInTreeProvisioner(string provisioner) => provisioner.StartsWith("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>What snapshots of <paramref name="storageClass"/>'s claims can use, in words; <paramref name="possible"/> false
    /// when none can be taken.</summary>
    public static string SnapshotsOf(StorageClassInfo storageClass, StorageInventory inventory, out bool possible)
    {
        possible = false;
        if (IsInTreeProvisioner(storageClass.Provisioner))
            return $"No snapshots possible: {storageClass.Provisioner} is an in-tree provisioner, and only CSI volumes can be snapshotted.";
        if (!inventory.SnapshotsServed)
            return "No snapshots possible: the cluster does not serve snapshot.storage.k8s.io (the external-snapshotter is not installed).";
        var classes = ClassesFor(storageClass.Provisioner, inventory.SnapshotClasses);
        if (classes.Count == 0)
            return $"No snapshots possible: no VolumeSnapshotClass has driver {storageClass.Provisioner}.";
        possible = true;
        var velero = VeleroClassFor(storageClass.Provisioner, inventory.SnapshotClasses);
        return velero is null
            ? $"Snapshots possible with {string.Join(", ", classes.Select(c => c.Name))}; Velero finds no class: none of the {classes.Count} is labelled velero.io/csi-volumesnapshot-class, so Velero's CSI backups of these claims fail."
            : velero.ForVelero
                ? $"Velero uses {velero.Name} (deletion policy {velero.DeletionPolicy})."
                : $"Velero uses {velero.Name}, the only class of the driver (deletion policy {velero.DeletionPolicy}).";
    }

    /// <summary>The CSI driver of a claim: its bound volume's, else its storage class's provisioner; null when unknown.</summary>
    public static string? DriverOf(StorageClaimInfo claim, StorageInventory inventory) =>
        claim.VolumeDriver ?? inventory.StorageClasses.FirstOrDefault(s => s.Name == claim.StorageClass)?.Provisioner;

    /// <summary>Why the claim cannot be snapshotted, in words; null when it can.</summary>
    public static string? WhyNotSnapshottable(StorageClaimInfo claim, StorageInventory inventory)
    {
        if (claim.InTree) return $"Its volume {claim.VolumeName} is in-tree (no CSI driver): it cannot be snapshotted.";
        var driver = DriverOf(claim, inventory);
        if (driver is null)
            return claim.StorageClass is null
                ? "It has no storage class and no bound volume, so no driver can snapshot it."
                : $"Its storage class {claim.StorageClass} does not exist, so no driver is known.";
        if (claim.VolumeDriver is null && IsInTreeProvisioner(driver))
            return $"Its storage class {claim.StorageClass} uses the in-tree provisioner {driver}: it cannot be snapshotted.";
        if (!inventory.SnapshotsServed) return "The cluster does not serve snapshot.storage.k8s.io: nothing can be snapshotted.";
        return ClassesFor(driver, inventory.SnapshotClasses).Count == 0 ? $"No VolumeSnapshotClass has its driver {driver}." : null;
    }

    /// <summary>A size for people: "0", "512 MiB", "1.5 GiB".</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return bytes == 0 ? "0" : $"{value.ToString(value % 1 == 0 ? "0" : "0.#", System.Globalization.CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
