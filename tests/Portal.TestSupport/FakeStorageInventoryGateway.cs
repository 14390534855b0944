using Portal.Application.Abstractions.Clusters;

namespace Portal.TestSupport;

/// <summary>A cluster's storage: an EBS class with a snapshot class for Velero, an EFS class without one, and a claim of each
/// tenant's namespace on each (Bravo's named after it, so a leak shows in the answer).</summary>
public sealed class FakeStorageInventoryGateway : IStorageInventoryGateway
{
    public List<StorageClassInfo> StorageClasses { get; } =
    [
        new("standard", "ebs.csi.aws.com", "Delete", "WaitForFirstConsumer", true, true),
        new("shared-files", "efs.csi.aws.com", "Delete", "Immediate", false, false),
    ];

    public List<SnapshotClassInfo> SnapshotClasses { get; } =
        [new("csi-aws-vsc", "ebs.csi.aws.com", "Retain", new Dictionary<string, string>(), true, true, "1")];

    public List<StorageClaimInfo> Claims { get; } =
    [
        new("alpha-ns", "alpha-data", "standard", "1Gi", 1L << 30, "Bound", "pv-a1", "ebs.csi.aws.com", false),
        new("alpha-ns", "alpha-files", "shared-files", "2Gi", 2L << 30, "Bound", "pv-a2", "efs.csi.aws.com", false),
        new("bravo-ns", "bravo-data", "standard", "5Gi", 5L << 30, "Bound", "pv-bravo1", "ebs.csi.aws.com", false),
        new("bravo-ns", "bravo-files", "shared-files", "7Gi", 7L << 30, "Bound", "pv-bravo2", "efs.csi.aws.com", false),
    ];

    public List<(string Name, SnapshotClassMarks Marks)> Marked { get; } = [];

    /// <summary>How many times the whole inventory was read from the "cluster".</summary>
    public int Reads { get; private set; }

    public Task<StorageInventory> ReadAsync(ClusterConnection cluster, CancellationToken ct)
    {
        Reads++;
        return Task.FromResult(new StorageInventory(StorageClasses.ToList(), true, SnapshotClasses.ToList(), Claims.ToList()));
    }

    public Task<IReadOnlyList<SnapshotClassInfo>> ListSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SnapshotClassInfo>>(SnapshotClasses.ToList());

    public Task<bool> MarkSnapshotClassAsync(ClusterConnection cluster, string name, SnapshotClassMarks marks, CancellationToken ct)
    {
        Marked.Add((name, marks));
        return Task.FromResult(SnapshotClasses.Any(c => c.Name == name));
    }
}
