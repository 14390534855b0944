using Portal.Application.Features.Protection.Compliance;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;

namespace Portal.Api.Endpoints;

/// <param name="Counts">How many namespaces the caller sees in each status (before the status filter).</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ProtectionStatusPage(ComplianceCounts Counts, IReadOnlyList<NamespaceProtectionStatus> Items, int TotalCount, string? NextCursor);

/// <summary>How well a namespace can be recovered now, as the portal's compliance view works it out (from what it last observed).</summary>
/// <param name="NamespaceId">Null for a cluster's own (cluster-scoped) resources.</param>
/// <param name="Reason">Why the namespace has its status, in words (for At risk: what is wrong).</param>
/// <param name="TargetRpoSeconds">The recovery point objective it is measured against.</param>
/// <param name="RecoveryPointAgeSeconds">Age of the newest recovery point the status measured; null when there is none.</param>
/// <param name="RecoveryPoint">Which kind of recovery point that is: a Velero backup or CSI snapshots.</param>
/// <param name="BelowMinimum">Why its policy falls short of its tenant's minimum; null when it meets it.</param>
/// <param name="FixedBy">Who can fix it and what they would do.</param>
public sealed record NamespaceProtectionStatus(Guid? NamespaceId, string Namespace, Guid ClusterId, string Cluster, Guid TenantId, string? Tenant,
    ProtectionStatus Status, string Reason, long TargetRpoSeconds, long? RecoveryPointAgeSeconds, RecoveryPointKind? RecoveryPoint,
    ComplianceLastGoodBackup? LastGoodBackup, string? BelowMinimum, Guid? PolicyId, string? Policy, LastDrillState? LastDrill,
    IReadOnlyList<ComplianceFixer> FixedBy)
{
    internal static NamespaceProtectionStatus Of(ComplianceRow r) => new(r.NamespaceId, r.Namespace, r.ClusterId, r.ClusterName, r.TenantId, r.TenantName,
        r.Status, r.Reason, Seconds(r.TargetRpo), r.Age is { } age ? Seconds(age) : null, r.Point, r.LastGood, r.BelowMinimum, r.PolicyId, r.PolicyName,
        r.LastDrill is { } d ? new LastDrillState(d.DrillId, d.At, d.Status, d.MeasuredRto is { } m ? Seconds(m) : null, Seconds(d.TargetRto), d.Failure) : null,
        r.FixedBy);

    private static long Seconds(TimeSpan t) => (long)t.TotalSeconds;
}

/// <summary>The namespace's latest ended restore drill.</summary>
public sealed record LastDrillState(Guid Id, DateTimeOffset At, DrillStatus Status, long? MeasuredRtoSeconds, long TargetRtoSeconds, string? Failure);
