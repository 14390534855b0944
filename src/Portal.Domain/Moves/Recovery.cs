namespace Portal.Domain.Moves;

/// <summary>Why a plan exists: a migration moves applications off a cluster that answers; a recovery rebuilds, on a
/// replacement, the applications of a cluster that is lost, from their backups, without ever contacting it.</summary>
public enum MigrationPlanPurpose { Migration, Recovery }

/// <summary>The backup a recovery restores an application from, as the portal knew it when the plan was made (the
/// newest good backup in a location the replacement reads), the namespace's RPO status then, and once restored, when.</summary>
/// <param name="BackupTakenAt">The backup's point in time: what was written after it is lost.</param>
/// <param name="RpoAtPlanning">The namespace's recovery-point status when the plan was made, in words ("Met: last good backup 2 h ago").</param>
/// <param name="SeenByReplacement">The replacement's Velero already listed the backup when the plan was made (else it waits for its sync).</param>
public sealed record RecoveryPoint(string BackupName, string? StorageLocation, DateTimeOffset BackupTakenAt, string RpoAtPlanning,
    bool SeenByReplacement, DateTimeOffset? RecoveredAt = null)
{
    /// <summary>The data lost: from the backup's point in time to when the application ran again on the replacement.</summary>
    public TimeSpan? DataLoss => RecoveredAt is { } at ? at - BackupTakenAt : null;

    /// <summary>The data loss in words, e.g. "3 h 12 min (backup of 2026-12-07 12:00 UTC)".</summary>
    public static string Words(TimeSpan loss) =>
        loss.TotalDays >= 1 ? $"{(int)loss.TotalDays} d {loss.Hours} h"
        : loss.TotalHours >= 1 ? $"{(int)loss.TotalHours} h {loss.Minutes} min"
        : loss.TotalMinutes >= 1 ? $"{(int)loss.TotalMinutes} min {loss.Seconds} s"
        : $"{Math.Max(0, (int)loss.TotalSeconds)} s";
}

/// <summary>A namespace of the lost cluster the recovery cannot bring back from a backup, with the reason in words; the
/// plan lists it so nobody assumes it was recovered.</summary>
public sealed record UnrecoverableNamespace(Guid TenantId, string Namespace, string Reason);
