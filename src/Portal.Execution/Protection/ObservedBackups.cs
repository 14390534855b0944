using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>How a watched Velero Backup becomes an <see cref="ObservedBackup"/> row.</summary>
internal static class ObservedBackups
{
    /// <summary>The tenant that owns the one namespace the backup holds; <see cref="Guid.Empty"/> for a backup of
    /// several or all namespaces, or of a namespace no tenant owns.</summary>
    public static Guid TenantOf(VeleroBackupObservation o, IReadOnlyDictionary<string, Guid> tenantOf) =>
        !o.ClusterResourcesOnly && o.IncludedNamespaces is [var only] && only != "*" && !o.ExcludedNamespaces.Contains(only)
            ? tenantOf.GetValueOrDefault(only)
            : Guid.Empty;

    /// <summary>Copies what was seen onto the row, and moves <see cref="ObservedBackup.ObservedAt"/> only when something changed.</summary>
    public static void Fill(ObservedBackup row, VeleroBackupObservation o, Guid tenantId, DateTimeOffset now)
    {
        var same = row.Uid == o.Uid && row.Phase == o.Phase && row.TenantId == tenantId && row.StartedAt == o.StartedAt
            && row.CompletedAt == o.CompletedAt && row.Expiration == o.Expiration && row.Errors == o.Errors && row.Warnings == o.Warnings
            && row.FailureReason == o.FailureReason && row.StorageLocation == o.StorageLocation && row.ScheduleName == o.ScheduleName
            && row.ClusterResourcesOnly == o.ClusterResourcesOnly && row.IncludedNamespaces.SequenceEqual(o.IncludedNamespaces)
            && row.ExcludedNamespaces.SequenceEqual(o.ExcludedNamespaces) && row.RequestId == o.RequestId && row.ProtectionId == o.ProtectionId;
        if (same) return;
        row.TenantId = tenantId;
        row.Uid = o.Uid;
        row.Phase = o.Phase;
        row.ScheduleName = o.ScheduleName;
        row.ProtectionId = o.ProtectionId;
        row.RequestId = o.RequestId;
        row.IncludedNamespaces = [.. o.IncludedNamespaces];
        row.ExcludedNamespaces = [.. o.ExcludedNamespaces];
        row.ClusterResourcesOnly = o.ClusterResourcesOnly;
        row.StorageLocation = o.StorageLocation;
        row.StartedAt = o.StartedAt;
        row.CompletedAt = o.CompletedAt;
        row.Expiration = o.Expiration;
        row.Errors = o.Errors;
        row.Warnings = o.Warnings;
        row.FailureReason = o.FailureReason is { Length: > 2000 } long_ ? long_[..2000] : o.FailureReason;
        row.ObservedAt = now;
    }
}
