using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>Where the newest good backup of a namespace came from.</summary>
public enum RecoveryPointSource
{
    /// <summary>A run of the namespace's protection Schedule.</summary>
    Scheduled,
    /// <summary>A backup of this namespace asked for on its own (through the portal or not).</summary>
    OnDemand,
    /// <summary>A backup of several or all namespaces that includes this one.</summary>
    ClusterWide,
}

/// <summary>
/// The facts the RPO status of one namespace is worked out from, kept current by the protection follower from the
/// backups it sees (pages read this row, never the cluster). The status itself depends on the clock and is worked
/// out when read (<see cref="RpoAssessment"/>), so a backup growing old turns a namespace At risk with no write.
/// </summary>
public sealed class NamespaceRpoState : Entity, IClusterScoped
{
    private NamespaceRpoState() { Namespace = ""; }

    public NamespaceRpoState(Guid tenantId, Guid clusterId, string @namespace, DateTimeOffset now)
    {
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        UpdatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }

    public string? LastGoodBackup { get; set; }
    /// <summary>The point in time the newest good backup stands for (its start).</summary>
    public DateTimeOffset? LastGoodAt { get; set; }
    public RecoveryPointSource? LastGoodSource { get; set; }

    /// <summary>The newest finished run of the namespace's own Schedule (or, without one, its newest finished backup).</summary>
    public string? LastRunBackup { get; set; }
    public string? LastRunPhase { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    /// <summary>How many finished runs in a row, newest first, did not complete.</summary>
    public int FailedRunsInRow { get; set; }
    /// <summary>Why they failed, in words ("last 3 scheduled runs PartiallyFailed: 2 errors in volume data").</summary>
    public string? FailureSummary { get; set; }

    /// <summary>The backup storage location the namespace's backups go to (the protection's, else the last backup's).</summary>
    public string? StorageLocation { get; set; }

    /// <summary>The namespace's CSI snapshot recovery point (<see cref="SnapshotRecoveryPoint"/>): the oldest of its bound
    /// claims' newest ready snapshots; null when a claim has none.</summary>
    public DateTimeOffset? SnapshotPointAt { get; set; }
    /// <summary>Why there is no snapshot point, in words (claims without a ready snapshot); null when there is one.</summary>
    public string? SnapshotGap { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The status the follower last saw for the namespace (null: not judged yet). Kept so that telling "At risk" or
    /// "Unprotected" happens once per change, not again after a restart or on the next reading.</summary>
    public ProtectionStatus? LastStatus { get; private set; }

    /// <summary>Records the status just worked out; true when the change is worth telling: Protected to At risk, or anything
    /// known to Unprotected. The first reading of a namespace is only recorded (a portal starting up or a namespace just
    /// claimed tells nothing), and getting better is recorded silently so that the next fall is told again.</summary>
    public bool ObserveStatus(ProtectionStatus status)
    {
        var before = LastStatus;
        if (before == status) return false;
        LastStatus = status;
        return before switch
        {
            null => false,
            ProtectionStatus.Protected => status is ProtectionStatus.AtRisk or ProtectionStatus.Unprotected,
            ProtectionStatus.AtRisk => status == ProtectionStatus.Unprotected,
            _ => false,
        };
    }
}

/// <summary>One day's counts for the compliance chart, per tenant and cluster (the last reading of the day wins).</summary>
public sealed class ComplianceDay : Entity, IClusterScoped
{
    private ComplianceDay() { }

    public ComplianceDay(DateOnly day, Guid tenantId, Guid clusterId)
    {
        Day = day;
        TenantId = tenantId;
        ClusterId = clusterId;
    }

    public DateOnly Day { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public int Protected { get; set; }
    public int AtRisk { get; set; }
    public int Unprotected { get; set; }
    /// <summary>Namespaces below their tenant's minimum policy (whatever their status).</summary>
    public int NonCompliant { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
