using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Compliance;

/// <summary>Which rows of the compliance view to list (the counts ignore it: they say how many each choice holds).</summary>
public enum ComplianceStatusFilter { All, NeedsAttention, AtRisk, Unprotected, Protected, BelowMinimum }

public sealed record ComplianceCounts(int Total, int Protected, int AtRisk, int Unprotected, int BelowMinimum);

/// <summary>Who can fix a namespace's status and what they would do. <paramref name="Names"/> is empty when the caller
/// may not see who holds the persona; then <paramref name="Who"/> (the persona in words) is all there is.</summary>
public sealed record ComplianceFixer(string Who, IReadOnlyList<string> Names, string What);

/// <summary>Where each part of a row is fixed; null where there is nothing to link to.</summary>
public sealed record ComplianceLinks(string? Namespace, string? Policy, string Cluster, string? Request);

/// <param name="Namespace">Empty for a cluster's cluster-scoped resources (no tenant).</param>
/// <param name="BelowMinimum">Why it falls below its tenant's minimum policy, in words; null when it meets it.</param>
/// <param name="Age">Age of the last recovery point the status measured (<paramref name="Point"/>: the last good backup, or where
/// the policy counts them the newer snapshot point); null when there is none.</param>
/// <param name="Snapshots">The namespace's snapshot point, where its policy counts snapshots; null otherwise.</param>
/// <param name="LastGood">The newest good backup the follower recorded; null before there is one.</param>
public sealed record ComplianceRow(Guid? NamespaceId, Guid ClusterId, string ClusterName, string Namespace, Guid TenantId, string? TenantName,
    Guid? PolicyId, string? PolicyName, ProtectionStatus Status, string Reason, string? BelowMinimum, TimeSpan? Age, TimeSpan TargetRpo,
    IReadOnlyList<ComplianceFixer> FixedBy, ComplianceLinks Links, LastDrill? LastDrill = null, RecoveryPointKind? Point = null,
    ComplianceSnapshotPoint? Snapshots = null, ComplianceLastGoodBackup? LastGood = null)
{
    public bool IsClusterResources => NamespaceId is null;
}

/// <summary>A namespace's CSI snapshot point as the compliance view shows it where its policy counts snapshots: its age, or why
/// there is none (claims without a ready snapshot).</summary>
public sealed record ComplianceSnapshotPoint(TimeSpan? Age, string? Gap)
{
    /// <summary>"12 minutes old", or the gap in words.</summary>
    public string Summary => Age is { } age ? $"{Durations.Words(age)} old" : Gap ?? "no snapshot point";

    internal static ComplianceSnapshotPoint? Of(ProtectionPolicy? policy, NamespaceRpoState? facts, DateTimeOffset now) =>
        policy is { CountsSnapshots: true }
            ? new(facts?.SnapshotPointAt is { } at ? now - at : null, facts?.SnapshotPointAt is null ? facts?.SnapshotGap : null)
            : null;
}

/// <summary>The newest good Velero backup of a namespace: its name, the point in time it stands for, and why the runs since
/// did not complete (null when they did).</summary>
public sealed record ComplianceLastGoodBackup(string Name, DateTimeOffset? At, string? FailedRunsSince);

public sealed record ComplianceOption(Guid Id, string Name);

/// <summary>The compliance view: counts by status over the filtered namespaces, one page of them, and what the
/// filters may be set to (only what the caller can see).</summary>
public sealed record ComplianceOverview(ComplianceCounts Counts, Page<ComplianceRow> Rows, IReadOnlyList<ComplianceOption> Clusters,
    IReadOnlyList<ComplianceOption> Tenants, IReadOnlyList<ComplianceOption> Policies);

/// <summary>One day of the compliance chart, summed over the tenants and clusters the caller may see.</summary>
public sealed record ComplianceDayView(DateOnly Day, int Protected, int AtRisk, int Unprotected, int BelowMinimum);

/// <summary>The status of one namespace as a chip shows it.</summary>
public sealed record NamespaceStatusView(Guid NamespaceId, ProtectionStatus Status, string Reason, string? BelowMinimum, string? PolicyName);

/// <summary>The pages each part of the compliance view links to (the one place their addresses are written).</summary>
public static class ProtectionLinks
{
    public static string Namespace(Guid namespaceId) => $"/namespaces/{namespaceId}";
    public static string Policy(Guid policyId) => $"/protection/policies/{policyId}";
    public static string Cluster(Guid clusterId) => $"/clusters/{clusterId}";
    public static string Request(Guid requestId) => $"/requests/{requestId}";
}
