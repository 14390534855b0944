using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>
/// A ready CSI VolumeSnapshot of a tenant's namespace as the protection follower last saw it (whoever made it: the portal
/// now or on a schedule, or anyone else). Kept fresh while the cluster answers, left as last seen when it does not; a
/// snapshot gone from the cluster loses its row. Snapshots that are not ready yet (or failed) are not recovery points and
/// are not recorded.
/// </summary>
public sealed class ObservedSnapshot : Entity, IClusterScoped
{
    private ObservedSnapshot() { Namespace = Name = ClaimName = ""; }

    public ObservedSnapshot(Guid clusterId, Guid tenantId, string @namespace, string name, DateTimeOffset now)
    {
        ClusterId = clusterId;
        TenantId = tenantId;
        Namespace = @namespace;
        Name = name;
        ClaimName = "";
        ReadySeenAt = ObservedAt = now;
    }

    public Guid TenantId { get; set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }
    public string Name { get; private set; }
    /// <summary>The claim it is a snapshot of (<c>spec.source.persistentVolumeClaimName</c>).</summary>
    public string ClaimName { get; set; }
    /// <summary>The point in time its data stands for: <c>status.creationTime</c> (when the driver cut it), else when the
    /// object was made.</summary>
    public DateTimeOffset TakenAt { get; set; }
    /// <summary>When the follower first saw it ready to use.</summary>
    public DateTimeOffset ReadySeenAt { get; set; }
    public string? SnapshotClass { get; set; }
    /// <summary>The portal's snapshot schedule that made it (its label), when it is one of ours.</summary>
    public Guid? ScheduleId { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
}

/// <summary>A bound PersistentVolumeClaim of a tenant's namespace as the follower last saw it: the claims whose data a
/// snapshot recovery point of the namespace must hold (<see cref="SnapshotRecoveryPoint"/>).</summary>
public sealed class ObservedClaim : Entity, IClusterScoped
{
    private ObservedClaim() { Namespace = Name = ""; }

    public ObservedClaim(Guid clusterId, Guid tenantId, string @namespace, string name, DateTimeOffset now)
    {
        ClusterId = clusterId;
        TenantId = tenantId;
        Namespace = @namespace;
        Name = name;
        ObservedAt = now;
    }

    public Guid TenantId { get; set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }
    public string Name { get; private set; }
    public DateTimeOffset ObservedAt { get; set; }
}
