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

/// <summary>The status of one namespace with the reason in words, and the RPO it was measured against.</summary>
public sealed record RpoVerdict(ProtectionStatus Status, string Reason, TimeSpan TargetRpo, TimeSpan? Age);

/// <summary>
/// Works out a namespace's <see cref="ProtectionStatus"/> from what the follower recorded, the protection and its
/// policy, the location its backups go to, and the clock. A namespace without a policy is measured against
/// <c>defaultRpo</c> (a daily backup, unless configured otherwise): backups made another way still count.
/// </summary>
public static class RpoAssessment
{
    public static RpoVerdict Assess(NamespaceRpoState? state, NamespaceProtection? protection, ProtectionPolicy? policy,
        ObservedLocation? location, TimeSpan defaultRpo, DateTimeOffset now)
    {
        var active = protection is { IsRemoved: false } && policy is not null ? protection : null;
        var rpo = active is not null ? policy!.TargetRpo : defaultRpo;
        var age = state?.LastGoodAt is { } at ? now - at : (TimeSpan?)null;
        var last = state?.LastGoodAt is not null ? $"the last good backup ({Source(state.LastGoodSource)}) is {Old(age!.Value)} old" : null;

        if (active is null)
        {
            if (age is null) return new(ProtectionStatus.Unprotected, "No protection policy and no backup.", rpo, null);
            return age <= rpo
                ? new(ProtectionStatus.Protected, $"No protection policy, but {last} (within {Durations.Words(rpo)}).", rpo, age)
                : new(ProtectionStatus.AtRisk, $"No protection policy, and {last} (more than {Durations.Words(rpo)}).", rpo, age);
        }

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
                : $"No good backup yet (target RPO {Durations.Words(rpo)})");
        else if (age > rpo)
            reasons.Add($"The last good backup is {Old(age.Value)} old, more than the target RPO of {Durations.Words(rpo)}");

        return reasons.Count == 0
            ? new(ProtectionStatus.Protected, $"On {policy!.Name}: {last} (target RPO {Durations.Words(rpo)}).", rpo, age)
            : new(ProtectionStatus.AtRisk, string.Join(". ", reasons) + ".", rpo, age);
    }

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
