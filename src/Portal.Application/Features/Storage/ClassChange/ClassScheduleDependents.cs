using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;

namespace Portal.Application.Features.Storage.ClassChange;

/// <summary>The portal's snapshot schedules of a cluster that use a snapshot class: those that name it, and, when it becomes the
/// default for its driver, those that name no class and snapshot claims of the driver (a workload's claims are read at each run,
/// so a workload schedule counts when its namespace has a claim of the driver). Only the schedules the caller may see are named;
/// the others are counted.</summary>
public static class ClassScheduleDependents
{
    public static (IReadOnlyList<string> Shown, int Hidden) Of(IReadOnlyList<SnapshotSchedule> schedules, SnapshotClassInfo target,
        SnapshotClassChangeKind change, StorageInventory inventory, Func<SnapshotSchedule, bool> mayView)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(mayView);
        var ofDriver = inventory.Claims.Where(c => !c.InTree && StorageRules.DriverOf(c, inventory) == target.Driver)
            .Select(c => (c.Namespace, c.Name)).ToHashSet();
        var using_ = schedules.Where(x => x.SnapshotClass == target.Name
            || (x.SnapshotClass is null && change == SnapshotClassChangeKind.MakeDefault && SnapshotsTheDriver(x, ofDriver))).ToList();
        var shown = using_.Where(mayView).OrderBy(x => x.Namespace, StringComparer.Ordinal).ThenBy(x => x.CreatedAt).Select(Describe).ToList();
        return (shown, using_.Count - shown.Count);
    }

    private static bool SnapshotsTheDriver(SnapshotSchedule x, HashSet<(string, string)> ofDriver) => x.Workload is not null
        ? ofDriver.Any(c => c.Item1 == x.Namespace)
        : x.Claims.Any(c => ofDriver.Contains((x.Namespace, c)));

    private static string Describe(SnapshotSchedule x)
    {
        var what = x.Workload is { } w ? $"claims of {w}" : string.Join(", ", x.Claims);
        var how = x.SnapshotClass is null ? "no class named: the driver's default" : $"class {x.SnapshotClass}";
        return $"{x.Namespace}: {what}, \"{x.Cron}\" ({x.TimeZone}), {how}{(x.Enabled ? "" : ", disabled")}";
    }
}
