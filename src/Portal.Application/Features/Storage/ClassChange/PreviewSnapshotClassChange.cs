using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Storage.ClassChange;

public sealed record PreviewSnapshotClassChangeQuery(Guid ClusterId, string SnapshotClassName, SnapshotClassChangeKind Change);

/// <summary>What depends on the change, for the confirmation: the classes that lose the mark, the storage classes of the
/// driver, the claims (with their tenants) whose snapshots and Velero backups would use the class, and the portal's snapshot
/// schedules that use it (<paramref name="Schedules"/> those the caller may see, <paramref name="SchedulesHidden"/> the others).</summary>
public sealed record SnapshotClassChangePreview(string ClusterName, string SnapshotClassName, string Driver, string DeletionPolicy,
    SnapshotClassChangeKind Change, string Summary, bool AlreadyDone, IReadOnlyList<string> LosingTheMark, IReadOnlyList<string> StorageClasses,
    int Claims, IReadOnlyList<string> Tenants, IReadOnlyList<string> ClaimsShown, IReadOnlyList<string> Schedules, int SchedulesHidden);

/// <summary>Reads the class and what depends on it, live, before a storage administrator asks for the change.</summary>
public sealed class PreviewSnapshotClassChange(UseCaseServices s, StorageInventoryReader reader) : IUseCase
{
    private const int ClaimsShownAtMost = 20;

    public async Task<Result<SnapshotClassChangePreview>> HandleAsync(PreviewSnapshotClassChangeQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ChangeSnapshotClasses, null, q.ClusterId))
            return caller.Refuse("Only a storage administrator of this cluster may change its snapshot classes.");
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = (await StorageScope.ClustersAsync(caller, db, q.ClusterId, ct)).FirstOrDefault();
        if (cluster is null) return Error.NotFound("The cluster");
        var scope = await StorageScope.ForAsync(caller, db, cluster, ct);
        // The confirmation says what is there now: read anew.
        var read = await reader.TryReadAsync(cluster, true, ct);
        if (!read.IsSuccess) return read.Error!;
        var inventory = read.Value!;

        var target = inventory.SnapshotClasses.FirstOrDefault(c => c.Name == q.SnapshotClassName);
        if (target is null) return Error.NotFound($"VolumeSnapshotClass {q.SnapshotClassName} on {cluster.Name}");
        var storageClasses = inventory.StorageClasses.Where(c => c.Provisioner == target.Driver).Select(c => c.Name).ToList();
        // the class is used for the claims of its driver when it is (or becomes) the one picked for them
        var claims = inventory.Claims.Where(c => StorageRules.DriverOf(c, inventory) == target.Driver && !c.InTree).ToList();
        var tenants = claims.Select(c => scope.OwnerOf(c.Namespace).Name).OfType<string>().Distinct().Order().ToList();
        var shown = claims.Select(c => $"{c.Namespace}/{c.Name}").ToList().ToPage(new PageRequest(0, ClaimsShownAtMost));
        var onCluster = await db.SnapshotSchedules.AsNoTracking().Where(x => x.ClusterId == cluster.Id).ToListAsync(ct);
        var (schedules, hidden) = ClassScheduleDependents.Of(onCluster, target, q.Change, inventory,
            x => caller.Can(Permission.ViewTenant, x.TenantId, cluster.Id) || caller.Can(Permission.ViewStorage, null, cluster.Id));
        return new SnapshotClassChangePreview(cluster.Name, target.Name, target.Driver, target.DeletionPolicy, q.Change,
            SnapshotClassChanges.Describe(q.Change, target.Name, target.Driver),
            SnapshotClassChanges.AlreadyDone(target, inventory.SnapshotClasses, q.Change),
            SnapshotClassChanges.LosingTheMark(target, inventory.SnapshotClasses, q.Change).Select(c => c.Name).ToList(),
            storageClasses, shown.TotalCount, tenants, shown.Items, schedules, hidden);
    }
}
