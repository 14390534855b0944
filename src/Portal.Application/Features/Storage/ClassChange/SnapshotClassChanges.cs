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

    /// <summary>The request's parameters: the change, and the class as it is now (its resourceVersion, whether it has the mark,
    /// which other classes of the driver have it), for the executor to check again.</summary>
    public static SnapshotClassChangeParameters AsAsked(SnapshotClassInfo target, IReadOnlyList<SnapshotClassInfo> classes, SnapshotClassChangeKind change) =>
        new(change, target.Name, target.Driver, target.ResourceVersion, Holds(target, change),
            LosingTheMark(target, classes, change).Select(c => c.Name).Order(StringComparer.Ordinal).ToList());

    /// <summary>Why the change may no longer be made as asked, in words: the class was changed by someone else since the
    /// request was made (another resourceVersion), or another class of the driver took the mark meanwhile; null when it holds.</summary>
    public static string? ChangedSince(SnapshotClassChangeParameters asked, SnapshotClassInfo now, IReadOnlyList<SnapshotClassInfo> classes, string cluster)
    {
        var tookTheMark = LosingTheMark(now, classes, asked.Change).Select(c => c.Name)
            .Where(n => asked.OthersWithTheMark is { } before && !before.Contains(n, StringComparer.Ordinal)).ToList();
        if (tookTheMark.Count > 0)
            return $"{string.Join(" and ", tookTheMark)} became {Role(asked.Change, asked.Driver)} on {cluster} after this request was made " +
                $"({Mark(asked.Change)} was set by someone else): asking that {asked.SnapshotClassName} take it over now would undo that change unseen. " +
                "Ask again if it should still move.";
        if (asked.ResourceVersion is { } rv && now.ResourceVersion != rv)
        {
            var marks = asked.HadTheMark is { } had && had != Holds(now, asked.Change)
                ? $" ({Mark(asked.Change)} was {(had ? "removed" : "set")})" : "";
            return $"VolumeSnapshotClass {asked.SnapshotClassName} on {cluster} was changed by someone else after this request was made{marks} " +
                $"(resourceVersion {rv}, now {now.ResourceVersion}). Read what depends on it again and ask again.";
        }

        return null;
    }

    private static string Role(SnapshotClassChangeKind change, string driver) => change == SnapshotClassChangeKind.UseForVelero
        ? $"Velero's pick for driver {driver}" : $"the default snapshot class for driver {driver}";

    public static string Describe(SnapshotClassChangeKind change, string name, string driver) => change == SnapshotClassChangeKind.UseForVelero
        ? $"Velero uses {name} for driver {driver}"
        : $"{name} is the default snapshot class for driver {driver}";

    public static string Mark(SnapshotClassChangeKind change) => change == SnapshotClassChangeKind.UseForVelero
        ? "the label velero.io/csi-volumesnapshot-class" : "the annotation snapshot.storage.kubernetes.io/is-default-class";
}
