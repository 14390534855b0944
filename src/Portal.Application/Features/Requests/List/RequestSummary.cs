using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.List;

public sealed record RequestSummary(Guid Id, string Reference, RequestKind Kind, RequestStatus Status, string TenantName,
    string ClusterName, string Namespace, string TargetNamespace, string RequestedBy, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, string? Phase, int? ItemsTotal, int? ItemsDone, string? FailureReason, string? Reason = null);
