using Portal.Application.Abstractions.Clusters;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>The one rule for a drill's "latest good backup": the newest backup containing the namespace whose phase is
/// <c>Completed</c>. A <c>PartiallyFailed</c> backup is restorable but not good: a drill of it could pass while proving nothing
/// about what failed to be backed up, so drills choose it only when the SRE names it.</summary>
public static class LatestGoodBackup
{
    public static VeleroBackupInfo? Of(IEnumerable<VeleroBackupInfo> backups, string @namespace) =>
        backups.Where(b => b.Phase == "Completed" && b.Includes(@namespace))
            .OrderByDescending(b => b.CompletedAt ?? b.CreatedAt).FirstOrDefault();
}
