using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Support;

/// <summary>Claims made from snapshots: nothing there, and every write counted (the walk expects none).</summary>
public sealed class FakeClaimRestoreGateway : IClaimRestoreGateway
{
    public int Writes;

    public Task<ClaimDetail?> GetClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => Task.FromResult<ClaimDetail?>(null);
    public Task<VolumeDetail?> GetVolumeAsync(ClusterConnection cluster, string name, CancellationToken ct) => Task.FromResult<VolumeDetail?>(null);
    public Task<WorkloadClaims?> GetWorkloadClaimsAsync(ClusterConnection cluster, string @namespace, WorkloadReference workload, CancellationToken ct) =>
        Task.FromResult<WorkloadClaims?>(null);
    public Task<ClaimCreation> CreateClaimAsync(ClusterConnection cluster, ClaimFromSnapshotSpec spec, string requestLabelValue, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(ClaimCreation.Created);
    }
    public Task<bool> DeleteClaimAsync(ClusterConnection cluster, string @namespace, string name, string uid, TimeSpan limit, CancellationToken ct) => Write();
    public Task<bool> SetReclaimPolicyAsync(ClusterConnection cluster, string volume, string policy, CancellationToken ct) => Write();
    public Task<bool> MakeVolumeBindableAsync(ClusterConnection cluster, string volume, CancellationToken ct) => Write();
    public Task<ClaimDetail> WaitForClaimBoundAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct) =>
        throw new ClusterAccessException(ClusterFault.NotFound, $"No claim {name}.");

    private Task<bool> Write()
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(true);
    }
}
