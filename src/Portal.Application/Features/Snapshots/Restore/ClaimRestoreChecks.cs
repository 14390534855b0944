using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots.Restore;

/// <summary>What a claim made from a snapshot will be: the snapshot, the claim it was taken of (whose class, access modes and
/// labels the new claim keeps) and the size asked.</summary>
public sealed record ClaimRestorePlan(VolumeSnapshotInfo Snapshot, ClaimDetail Source, string Size);

/// <summary>A refusal in words, and the form field it is about ("name", "size"; null for the request as a whole).</summary>
public sealed record ClaimRestoreProblem(string Message, string? Field = null);

/// <summary>
/// The checks of restoring a snapshot into a claim, the same when the request is made and when the executor is about to
/// write (check again when acting): the snapshot still there and ready, its claim still there with a class of the snapshot's
/// driver, the new name free, the size at least the restore size; for a rollback, the snapshot of this very claim and the
/// workload still mounting it.
/// </summary>
public static class ClaimRestoreChecks
{
    public static async Task<(ClaimRestoreProblem? Problem, ClaimRestorePlan? Plan)> SnapshotAsync(ISnapshotClusterGateway snapshots,
        IClaimRestoreGateway claims, ClusterConnection conn, string @namespace, string snapshotName, CancellationToken ct)
    {
        var snapshot = await snapshots.GetSnapshotAsync(conn, @namespace, snapshotName, ct);
        if (snapshot is null) return (new($"Snapshot {snapshotName} does not exist in {@namespace} (any more)."), null);
        if (!snapshot.ReadyToUse)
            return (new($"Snapshot {snapshotName} is not ready to use{Because(snapshot)}; a claim can only be made from a ready snapshot."), null);
        if (snapshot.ClaimName is null)
            return (new($"Snapshot {snapshotName} was not taken of a claim of {@namespace} (it was imported), so the portal cannot tell which storage class a claim made from it needs."), null);
        var source = await claims.GetClaimAsync(conn, @namespace, snapshot.ClaimName, ct);
        if (source is null)
            return (new($"Claim {snapshot.ClaimName}, which snapshot {snapshotName} was taken of, is gone; the portal takes the storage class of a claim made from the snapshot from it."), null);
        if (snapshot.Driver is { } driver && source.Provisioner is { } provisioner && driver != provisioner)
            return (new($"Snapshot {snapshotName} was made by CSI driver {driver}, but storage class {source.StorageClass} of claim {source.Name} provisions with {provisioner}: a snapshot can only be restored by its own driver."), null);
        if (snapshot.RestoreSize is null)
            return (new($"Snapshot {snapshotName} does not say its restore size yet; try again in a moment."), null);
        return (null, new ClaimRestorePlan(snapshot, source, snapshot.RestoreSize));
    }

    /// <summary>Restore into a new claim: the snapshot's checks, the name free, the size big enough (never made bigger by the portal).</summary>
    public static async Task<(ClaimRestoreProblem? Problem, ClaimRestorePlan? Plan)> RestoreAsync(ISnapshotClusterGateway snapshots,
        IClaimRestoreGateway claims, ClusterConnection conn, string @namespace, SnapshotRestoreParameters p, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        var (problem, plan) = await SnapshotAsync(snapshots, claims, conn, @namespace, p.SnapshotName, ct);
        if (problem is not null) return (problem, null);
        if (await claims.GetClaimAsync(conn, @namespace, p.NewClaimName, ct) is not null)
            return (new($"A claim named {p.NewClaimName} already exists in {@namespace}: choose another name.", "name"), null);
        var size = p.Size ?? plan!.Snapshot.RestoreSize!;
        if (StorageSize.ExplainTooSmall(size, plan!.Snapshot.RestoreSize!) is { } small) return (new(small, "size"), null);
        return (null, plan with { Size = size });
    }

    /// <summary>Fast rollback: the snapshot's checks, the snapshot of this claim, the claim bound, the workload there and mounting it.</summary>
    public static async Task<(ClaimRestoreProblem? Problem, ClaimRestorePlan? Plan, WorkloadClaims? Workload)> RollbackAsync(
        ISnapshotClusterGateway snapshots, IClaimRestoreGateway claims, ClusterConnection conn, string @namespace, ClaimRollbackParameters p,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        var (problem, plan) = await SnapshotAsync(snapshots, claims, conn, @namespace, p.SnapshotName, ct);
        if (problem is not null) return (problem, null, null);
        if (plan!.Snapshot.ClaimName != p.ClaimName)
            return (new($"Snapshot {p.SnapshotName} was taken of claim {plan.Snapshot.ClaimName}, not of {p.ClaimName}: a rollback replaces a claim by a snapshot of its own."), null, null);
        if (plan.Source.Phase != "Bound" || plan.Source.VolumeName is null)
            return (new($"Claim {p.ClaimName} is {plan.Source.Phase}, not bound to a volume: there is no data to keep while it is rolled back."), null, null);
        var workload = await claims.GetWorkloadClaimsAsync(conn, @namespace, p.Workload, ct);
        if (workload is null) return (new($"{p.Workload.Kind} {p.Workload.Name} does not exist in {@namespace} (any more).", "workload"), null, null);
        if (!workload.Claims.Contains(p.ClaimName))
            return (new($"{p.Workload.Kind} {p.Workload.Name} does not mount claim {p.ClaimName} (any more); the portal scales down only the workload using the claim.", "workload"), null, null);
        var size = plan.Source.RequestedSize is { } asked && StorageSize.ExplainTooSmall(asked, plan.Snapshot.RestoreSize!) is null ? asked : plan.Snapshot.RestoreSize!;
        return (null, plan with { Size = size }, workload);
    }

    private static string Because(VolumeSnapshotInfo s) =>
        (s.ContentError ?? s.Error) is { } e ? $" ({e})" : "";
}
