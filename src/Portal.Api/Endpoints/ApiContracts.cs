using Portal.Application.Features.Requests.List;
using Portal.Domain.Requests;

namespace Portal.Api.Endpoints;

/// <summary>Ask for a Velero backup of the namespace.</summary>
/// <param name="TtlHours">How long Velero keeps the backup, in hours (1 hour to 7 years); 720 (30 days) when left out.</param>
/// <param name="VolumeMode">Snapshot, FileSystem or None; Snapshot when left out.</param>
/// <param name="StorageLocation">A Velero backup storage location of the cluster; its default when left out.</param>
/// <param name="Reason">Why, for the approver and the audit log.</param>
public sealed record AskForBackupBody(int? TtlHours = null, string? VolumeMode = null, string? StorageLocation = null, string? Reason = null);

/// <param name="Comment">Why: required to reject, optional to approve.</param>
public sealed record DecisionBody(string? Comment = null);

/// <summary>The answer to an ask: the request, to follow at <paramref name="Href"/>.</summary>
public sealed record AskedView(Guid Id, string Href);

public sealed record RequestChangedView(Guid Id, RequestStatus Status, string Href);

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
/// <param name="TotalCountIsAtLeast">True when more requests match than <paramref name="TotalCount"/>: counting stops after 10,000
/// (and one page past the cursor), so a big history is never scanned only to print its size.</param>
public sealed record RequestPage(IReadOnlyList<RequestSummary> Items, int TotalCount, string? NextCursor, bool TotalCountIsAtLeast = false);
