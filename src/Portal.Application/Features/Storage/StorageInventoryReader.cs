using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Storage;

/// <summary>
/// Reads a cluster's storage inventory (every storage class, snapshot class, claim and volume) and keeps it for a few seconds,
/// so one visit of the storage page (the matrix, then each page of claims) reads the cluster once, not once per page.
/// "Refresh" and the confirmation of a class change read anew (<c>fresh</c>); a failed read is never kept.
/// </summary>
public sealed class StorageInventoryReader(IStorageInventoryGateway gateway, ClusterConnections connections, TimeProvider time)
{
    /// <summary>How long a read is reused while the user pages.</summary>
    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(10);

    private readonly BoundedCache<Guid, StorageInventory> _recent = new(64, Reuse, time);

    /// <summary>The inventory of <paramref name="cluster"/>; throws <see cref="ClusterAccessException"/> when it cannot be read.</summary>
    public async Task<StorageInventory> ReadAsync(Cluster cluster, bool fresh, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!fresh && _recent.TryGet(cluster.Id, out var kept)) return kept;
        var inventory = await gateway.ReadAsync(connections.For(cluster), ct);
        _recent.Set(cluster.Id, inventory);
        return inventory;
    }

    /// <summary>The inventory, or why the cluster cannot be read, in words.</summary>
    public async Task<Result<StorageInventory>> TryReadAsync(Cluster cluster, bool fresh, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(cluster, fresh, ct);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
    }

    /// <summary>Forgets what was read of the cluster (its storage was just changed).</summary>
    public void Forget(Guid clusterId) => _recent.Remove(clusterId);
}
