using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Domain.Notifications;

namespace Portal.Application.Features.Protection.Status;

/// <summary>
/// Tells a namespace turning At risk or Unprotected, once per change. The status is worked out at read time (a backup
/// growing old changes it with no write), so the protection follower hands each reading of its cluster here: the status is
/// recorded on the namespace's facts row (<see cref="Domain.Protection.NamespaceRpoState.LastStatus"/>) and a change worth
/// telling adds an event to the notification outbox, both in the caller's next save: a restart or another reading finds
/// the status already recorded and tells nothing again.
/// </summary>
public static class ProtectionStatusChanges
{
    /// <summary>Records the statuses of <paramref name="clusterId"/>'s namespaces (from <see cref="NamespaceStatusReader"/>) on the
    /// facts rows <paramref name="db"/> tracks; returns how many events were raised. The caller saves.</summary>
    public static async Task<int> RecordAsync(IPortalDbContext db, Guid clusterId, string clusterName, IReadOnlyList<NamespaceStatus> statuses,
        DateTimeOffset now, CancellationToken ct)
    {
        var rows = (await db.NamespaceRpoStates.Where(r => r.ClusterId == clusterId && r.Namespace != "").ToListAsync(ct))
            .ToDictionary(r => r.Namespace, StringComparer.Ordinal);
        var raised = 0;
        foreach (var status in statuses)
        {
            // Cluster resources (no namespace page, no tenant) and facts of a previous owner are not told.
            if (status.NamespaceId is not { } namespaceId || status.ClusterId != clusterId) continue;
            if (!rows.TryGetValue(status.Namespace, out var row) || row.TenantId != status.TenantId) continue;
            if (!row.ObserveStatus(status.Verdict.Status)) continue;
            db.NotificationEvents.Add(NotificationRaiser.ForProtection(status.TenantId, clusterId, namespaceId, status.Namespace, clusterName,
                status.Verdict.Status, status.Verdict.Reason, now));
            raised++;
        }
        return raised;
    }
}
