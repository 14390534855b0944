using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Storage.ClassChange;

/// <summary>What a change of a snapshot class's marks means: the marks it should carry after, which other classes of its
/// driver lose the mark, and whether there is anything to do.</summary>
public static class SnapshotClassChanges
{
    public static bool Holds(SnapshotClassInfo c, SnapshotClassChangeKind change) =>
        change == SnapshotClassChangeKind.UseForVelero ? c.ForVelero : c.IsDefault;

    public static SnapshotClassMarks With(SnapshotClassInfo c, SnapshotClassChangeKind change, bool on) => change == SnapshotClassChangeKind.UseForVelero
        ? new SnapshotClassMarks(on, c.IsDefault)
        : new SnapshotClassMarks(c.ForVelero, on);

    /// <summary>The other classes of the driver that carry the mark now and lose it.</summary>
    public static IReadOnlyList<SnapshotClassInfo> LosingTheMark(SnapshotClassInfo target, IReadOnlyList<SnapshotClassInfo> classes,
        SnapshotClassChangeKind change) =>
        classes.Where(c => c.Driver == target.Driver && c.Name != target.Name && Holds(c, change)).ToList();

    /// <summary>True when the class already carries the mark and no other class of its driver does.</summary>
    public static bool AlreadyDone(SnapshotClassInfo target, IReadOnlyList<SnapshotClassInfo> classes, SnapshotClassChangeKind change) =>
        Holds(target, change) && LosingTheMark(target, classes, change).Count == 0;

    public static string Describe(SnapshotClassChangeKind change, string name, string driver) => change == SnapshotClassChangeKind.UseForVelero
        ? $"Velero uses {name} for driver {driver}"
        : $"{name} is the default snapshot class for driver {driver}";

    public static string Mark(SnapshotClassChangeKind change) => change == SnapshotClassChangeKind.UseForVelero
        ? "the label velero.io/csi-volumesnapshot-class" : "the annotation snapshot.storage.kubernetes.io/is-default-class";
}
