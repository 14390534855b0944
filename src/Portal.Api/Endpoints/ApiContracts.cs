using System.ComponentModel;
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

/// <summary>Ask for a restore of the namespace from one of its Velero backups, as the portal's restore form does.</summary>
public sealed record AskForRestoreBody(
    [property: Description("The Velero backup to restore from (a restorable one of GET /namespaces/{id}/backups)")] string? BackupName = null,
    [property: Description("Where to restore: the namespace itself, another namespace of the tenant, or a new name")] string? TargetNamespace = null,
    [property: Description("None (keep objects that exist, Velero's default) or Update (change them back to the backup's version); None when left out")]
    string? ExistingResourcePolicy = null,
    [property: Description("Bring the volumes' data back from the backup; true when left out")] bool? RestoreVolumes = null,
    [property: Description("Must be true to write into a namespace that exists and is in use")] bool? ConfirmExistingTarget = null,
    [property: Description("Restore on another cluster of the tenant (the DR cluster); the namespace's own cluster when left out")] Guid? TargetClusterId = null,
    [property: Description("For another cluster: the backup's storage class -> the target's")] IReadOnlyDictionary<string, string>? StorageClassMap = null,
    [property: Description("For another cluster: the backup's ingress class -> the target's")] IReadOnlyDictionary<string, string>? IngressClassMap = null,
    [property: Description("Leave the GitOps object that deploys into the target frozen after the restore")] bool? KeepGitOpsFrozen = null,
    [property: Description("Why, for the approver and the audit log")] string? Reason = null);

/// <summary>Dump the database now with one of its schedules (its method, destination and retention), as the Dump now button does.</summary>
public sealed record DumpNowBody(
    [property: Description("The schedule to run once: one of the database's (GET /databases/{id} lists them)")] Guid? ScheduleId = null,
    [property: Description("Why, for the audit log; \"Dump now (schedule)\" when left out")] string? Reason = null);
