using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.List;

/// <param name="IntoExistingNamespace">A restore into another namespace the tenant owns already (in use), confirmed by the requester.</param>
/// <param name="SourceClusterName">A restore to another cluster: the cluster the backup was taken on (<see cref="ClusterName"/> is
/// where it is restored); null for everything else.</param>
/// <param name="About">For a database request: what it is about in one sentence (which database, which dump, what it overwrites).</param>
public sealed record RequestSummary(Guid Id, string Reference, RequestKind Kind, RequestStatus Status, string TenantName,
    string ClusterName, string Namespace, string TargetNamespace, string RequestedBy, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, string? Phase, int? ItemsTotal, int? ItemsDone, string? FailureReason, string? Reason = null, string? About = null,
    bool IntoExistingNamespace = false, string? SourceClusterName = null);
