using Portal.Application.Abstractions.Clusters;

namespace Portal.Application.Features.Storage.Matrix;

/// <summary>A storage class with what snapshots its claims can use: <paramref name="SnapshotClasses"/> of its driver,
/// <paramref name="VeleroClass"/> (the one Velero picks), <paramref name="Snapshots"/> in words and
/// <paramref name="SnapshotsPossible"/>; its claims (those the caller sees) with their total capacity.</summary>
public sealed record StorageClassRow(StorageClassInfo Class, IReadOnlyList<SnapshotClassInfo> SnapshotClasses, string? VeleroClass,
    bool SnapshotsPossible, string Snapshots, int Claims, long CapacityBytes, int Unsnapshottable)
{
    public string Capacity => StorageRules.Size(CapacityBytes);
}

/// <summary>A snapshot class, whether Velero uses it for its driver, and the storage classes of its driver.</summary>
public sealed record SnapshotClassRow(SnapshotClassInfo Class, bool UsedByVelero, IReadOnlyList<string> StorageClasses);

/// <summary>One cluster's storage as the caller may see it, or why it cannot be read now (<paramref name="Problem"/>, with the
/// next step in <paramref name="NextStep"/>).</summary>
public sealed record ClusterStorageView(Guid ClusterId, string ClusterName, string? Problem, string? NextStep, bool SnapshotsServed,
    IReadOnlyList<StorageClassRow> Classes, IReadOnlyList<SnapshotClassRow> SnapshotClasses, int Claims, long CapacityBytes,
    int Unsnapshottable, bool WholeCluster)
{
    public string Capacity => StorageRules.Size(CapacityBytes);

    public static ClusterStorageView Unavailable(Guid id, string name, string problem, string nextStep) =>
        new(id, name, problem, nextStep, false, [], [], 0, 0, 0, false);
}

/// <summary>A claim as the storage view lists it, with the tenant owning its namespace and why it cannot be snapshotted
/// (null: it can).</summary>
public sealed record StorageClaimRow(string Namespace, string Name, string? StorageClass, string? Capacity, string Phase, string? VolumeName,
    string? Driver, bool InTree, string? WhyNotSnapshottable, Guid? TenantId, string? TenantName);
