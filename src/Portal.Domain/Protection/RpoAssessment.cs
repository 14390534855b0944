using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>How well a namespace can be recovered right now.</summary>
public enum ProtectionStatus
{
    /// <summary>The newest good backup is within the target RPO and nothing stands in the way of the next.</summary>
    Protected,
    /// <summary>Older than the target RPO, the last run failed, its location is unavailable, or it is paused.</summary>
    AtRisk,
    /// <summary>No policy and no backup at all.</summary>
    Unprotected,
}

/// <summary>Which kind of recovery point a verdict measured the RPO with.</summary>
public enum RecoveryPointKind
{
    /// <summary>A good Velero backup (it survives the cluster when its location is elsewhere).</summary>
    Backup,
    /// <summary>Ready CSI snapshots of every claim of the namespace (they live on the cluster), where the policy counts them.</summary>
    Snapshot,
}

/// <summary>The status of one namespace with the reason in words, and the RPO it was measured against; <paramref name="Point"/>
/// says which recovery point <paramref name="Age"/> is of (null: none).</summary>
public sealed record RpoVerdict(ProtectionStatus Status, string Reason, TimeSpan TargetRpo, TimeSpan? Age, RecoveryPointKind? Point = null);

/// <summary>
/// Works out a namespace's <see cref="ProtectionStatus"/> from what the follower recorded, the protection and its
/// policy, the location its backups go to, and the clock. A namespace without a policy is measured against
/// <c>defaultRpo</c> (a daily backup, unless configured otherwise): backups made another way still count. When the policy
/// counts CSI snapshots (<see cref="ProtectionPolicy.CountsSnapshots"/>), the newer of the last good backup and the
/// namespace's snapshot point (<see cref="SnapshotRecoveryPoint"/>) is measured, and the reason says which; snapshots live
/// on the cluster, so the reason says that too (they never make a namespace safe against losing its cluster).
/// </summary>
public static class RpoAssessment
{
    public static RpoVerdict Assess(NamespaceRpoState? state, NamespaceProtection? protection, ProtectionPolicy? policy,
        ObservedLocation? location, TimeSpan defaultRpo, DateTimeOffset now)
    {
        var active = protection is { IsRemoved: false } && policy is not null ? protection : null;
        var rpo = active is not null ? policy!.TargetRpo : defaultRpo;
        var backupAge = state?.LastGoodAt is { } at ? now - at : (TimeSpan?)null;
        var backup = state?.LastGoodAt is not null ? $"the last good backup ({Source(state.LastGoodSource)}) is {Old(backupAge!.Value)} old" : null;

        if (active is null)
        {
            if (backupAge is null) return new(ProtectionStatus.Unprotected, "No protection policy and no backup.", rpo, null);
            return backupAge <= rpo
                ? new(ProtectionStatus.Protected, $"No protection policy, but {backup} (within {Durations.Words(rpo)}).", rpo, backupAge, RecoveryPointKind.Backup)
                : new(ProtectionStatus.AtRisk, $"No protection policy, and {backup} (more than {Durations.Words(rpo)}).", rpo, backupAge, RecoveryPointKind.Backup);
        }

        var counts = policy!.CountsSnapshots;
        var snapshotAt = counts ? state?.SnapshotPointAt : null;
        var bySnapshot = snapshotAt is { } sp && (state?.LastGoodAt is not { } good || sp > good);
        var age = bySnapshot ? now - snapshotAt!.Value : backupAge;
        RecoveryPointKind? point = age is null ? null : bySnapshot ? RecoveryPointKind.Snapshot : RecoveryPointKind.Backup;
        var last = !counts ? backup
            : bySnapshot ? $"last recovery point: snapshot of every claim, {Old(age!.Value)} old"
            : backup is not null ? $"last recovery point: backup ({Source(state!.LastGoodSource)}), {Old(age!.Value)} old"
            : null;

        var reasons = new List<string>();
        if (active.Paused)
            reasons.Add($"Paused by {active.PausedBy}{(active.PausedUntil is { } until ? $" until {until:yyyy-MM-dd HH:mm} UTC" : "")}: {active.PauseReason}");
        if (active.Drift == ScheduleDrift.Missing) reasons.Add("Its Velero Schedule was deleted on the cluster");
        else if (active.Drift == ScheduleDrift.Changed) reasons.Add($"Its Velero Schedule was changed on the cluster ({active.DriftDetail})");
        if (location is { IsUnavailable: true })
            reasons.Add($"Backup location {location.Name} Unavailable since {location.UnavailableSince ?? location.ObservedAt:yyyy-MM-dd HH:mm} UTC"
                + (string.IsNullOrWhiteSpace(location.Message) ? "" : $": {location.Message}"));
        if (state is { FailedRunsInRow: > 0 })
            reasons.Add(state.FailureSummary ?? $"The last {state.FailedRunsInRow} runs did not complete");
        if (age is null)
            reasons.Add(active.AppliedAt is { } applied && now - applied < rpo
                ? "Waiting for the first scheduled backup"
                : counts
                    ? $"No good backup and no snapshot point yet (target RPO {Durations.Words(rpo)})"
                    : $"No good backup yet (target RPO {Durations.Words(rpo)})");
        else if (age > rpo)
            reasons.Add(bySnapshot
                ? $"The last recovery point (a snapshot of every claim) is {Old(age.Value)} old, more than the target RPO of {Durations.Words(rpo)}"
                : $"The last good backup is {Old(age.Value)} old, more than the target RPO of {Durations.Words(rpo)}");
        if (counts && reasons.Count > 0 && state?.SnapshotPointAt is null && state?.SnapshotGap is { } gap)
            reasons.Add($"Snapshots count on {policy.Name}, but {Lower(gap)}");

        var onCluster = counts ? SnapshotNote(bySnapshot, backup) : "";
        return reasons.Count == 0
            ? new(ProtectionStatus.Protected, $"On {policy.Name}: {last} (target RPO {Durations.Words(rpo)}).{onCluster}", rpo, age, point)
            : new(ProtectionStatus.AtRisk, string.Join(". ", reasons) + "." + onCluster, rpo, age, point);
    }

    /// <summary>The words that keep snapshots honest: they live on the cluster (and its storage), so a cluster lost takes them along.</summary>
    private static string SnapshotNote(bool bySnapshot, string? backup) =>
        !bySnapshot ? ""
        : backup is null ? " Snapshots live on the cluster: they do not cover losing it, and there is no good backup."
        : $" Snapshots live on the cluster: they do not cover losing it; {backup}.";

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.');

    /// <summary>Why the namespace falls below its tenant's minimum, in words; null when it meets it (or there is none).</summary>
    public static string? BelowMinimum(NamespaceProtection? protection, ProtectionPolicy? policy, ProtectionPolicy? minimum)
    {
        if (minimum is null) return null;
        if (protection is not { IsRemoved: false } || policy is null)
            return $"Not protected; the tenant requires {minimum.Name} or better.";
        return policy.ShortOf(minimum);
    }

    private static string Source(RecoveryPointSource? source) => source switch
    {
        RecoveryPointSource.Scheduled => "scheduled",
        RecoveryPointSource.ClusterWide => "cluster-wide",
        _ => "on demand",
    };

    private static string Old(TimeSpan age) =>
        age < TimeSpan.FromMinutes(2) ? "a minute" : age.TotalHours < 48 ? Durations.Words(age) : $"{age.TotalDays:0} days";
}
