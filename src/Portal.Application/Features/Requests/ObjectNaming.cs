using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests;

/// <summary>Deterministic names and labels for the Kubernetes objects a request creates. The same
/// request always maps to the same object, so a retry finds it instead of creating a second one.</summary>
public static class ObjectNaming
{
    public static string VeleroObjectName(OperationRequest request) => request.Kind switch
    {
        RequestKind.NamespaceBackup => $"portal-backup-{request.Id:N}",
        RequestKind.NamespaceRestore => $"portal-restore-{request.Id:N}",
        // The Velero half of a consistent recovery point (its dump is a Job named after the schedule).
        RequestKind.RecoveryPoint => $"portal-rp-{request.Id:N}",
        // "Back up now" from a protection's Schedule.
        RequestKind.ProtectionBackupNow => $"portal-now-{request.Id:N}",
        // The Restore of a restore drill (into its scratch namespace).
        RequestKind.RestoreDrill => $"portal-drill-{request.Id:N}",
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "No Velero object for this kind."),
    };

    public static IReadOnlyDictionary<string, string> Labels(OperationRequest request, string tenantSlug) => new Dictionary<string, string>
    {
        [PortalLabels.RequestId] = request.Id.ToString(),
        [PortalLabels.Tenant] = tenantSlug,
        [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
    };
}
