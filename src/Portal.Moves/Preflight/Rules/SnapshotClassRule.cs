using Portal.Domain.Moves;
using Portal.Moves.Playbooks;

namespace Portal.Moves.Preflight.Rules;

/// <summary>For the snapshot playbook: each claim's storage class on the target uses a driver that has a
/// VolumeSnapshotClass there, and that the source's storage uses too (a snapshot restores only on the same
/// storage). With several classes for a driver, Velero needs one labelled for it.</summary>
internal static class SnapshotClassRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        if (c.Playbook != MigrationPlaybook.VeleroCsiSnapshots) yield break;
        var byDriver = c.Claims()
            .Where(x => x.StorageClass != "")
            .Select(x => (x.Claim, Class: c.TargetClass(x.StorageClass)))
            .Where(x => x.Class is not null) // a missing class is the storage class rule's finding
            .GroupBy(x => x.Class!.Provisioner)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var sourceDrivers = c.SourceStorageClasses.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var group in byDriver)
        {
            var driver = group.Key;
            var classNames = group.Select(x => $"\"{x.Class!.Name}\"").Distinct().ToList();
            var classes = (classNames.Count == 1 ? "storage class " : "storage classes ") + string.Join(", ", classNames);
            var claims = string.Join(", ", group.Select(x => $"\"{x.Claim}\"").Distinct());
            if (sourceDrivers.Count > 0 && !sourceDrivers.Contains(driver))
            {
                yield return Finding(PreflightSeverity.Error,
                    $"The target's {classes} (claims {claims}) use{(classNames.Count == 1 ? "s" : "")} the driver \"{driver}\", which no storage class on the source uses, so snapshots from the source cannot be restored there. Map the claims to a target class of the source's driver, or choose a playbook that copies the data.");
            }
            var snapshotClasses = c.Target.VolumeSnapshotClasses.Where(s => s.Driver == driver).ToList();
            if (snapshotClasses.Count == 0)
            {
                yield return Finding(PreflightSeverity.Error,
                    $"The target has no VolumeSnapshotClass for the driver \"{driver}\" ({classes}, claims {claims}). Create one with driver: {driver} and label it velero.io/csi-volumesnapshot-class: \"true\".");
            }
            else if (snapshotClasses.Count > 1 && !snapshotClasses.Any(s => s.IsVeleroClass))
            {
                yield return Finding(PreflightSeverity.Warning,
                    $"The target has several VolumeSnapshotClasses for the driver \"{driver}\" ({string.Join(", ", snapshotClasses.Select(s => $"\"{s.Name}\""))}) and none is labelled velero.io/csi-volumesnapshot-class: \"true\". Label the one Velero should use.");
            }
        }
    }

    private static PreflightFinding Finding(PreflightSeverity severity, string message) => new(PreflightRules.SnapshotClass, severity, message);
}
