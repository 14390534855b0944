using System.Globalization;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>A cluster's backups as the follower holds them, indexed for "which cover this namespace" and "the runs of
/// this Schedule", so working out every namespace of a large cluster stays cheap.</summary>
internal sealed class BackupIndex
{
    private readonly Dictionary<string, List<ObservedBackup>> _bySchedule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ObservedBackup>> _byNamespace = new(StringComparer.Ordinal);
    private readonly List<ObservedBackup> _wide = [];

    public BackupIndex(IEnumerable<ObservedBackup> backups)
    {
        foreach (var b in backups)
        {
            if (b.ScheduleName is { } schedule) Add(_bySchedule, schedule, b);
            if (b.ClusterResourcesOnly) continue;
            if (SingleNamespace(b) is { } ns) Add(_byNamespace, ns, b);
            else _wide.Add(b);
        }
    }

    /// <summary>The one namespace a backup holds; null for several or all.</summary>
    public static string? SingleNamespace(ObservedBackup b) =>
        !b.ClusterResourcesOnly && b.IncludedNamespaces is [var only] && only != "*" && !b.ExcludedNamespaces.Contains(only) ? only : null;

    public IReadOnlyList<ObservedBackup> OfSchedule(string schedule) => _bySchedule.GetValueOrDefault(schedule) ?? [];

    public IEnumerable<ObservedBackup> Covering(string ns) =>
        (_byNamespace.GetValueOrDefault(ns) ?? []).Concat(_wide.Where(b => b.Covers(ns)));

    private static void Add(Dictionary<string, List<ObservedBackup>> index, string key, ObservedBackup b)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(b);
    }
}

/// <summary>The facts of one namespace's RPO (what <see cref="NamespaceRpoState"/> holds), worked out from its backups.</summary>
internal sealed record RpoFacts(
    string? LastGoodBackup, DateTimeOffset? LastGoodAt, RecoveryPointSource? LastGoodSource,
    string? LastRunBackup, string? LastRunPhase, DateTimeOffset? LastRunAt, int FailedRunsInRow, string? FailureSummary,
    string? StorageLocation)
{
    /// <param name="protection">The namespace's active protection (its own Schedule), if any.</param>
    /// <param name="defaultLocation">The cluster's default backup storage location.</param>
    public static RpoFacts Of(string ns, NamespaceProtection? protection, ProtectionPolicy? policy, BackupIndex backups, string? defaultLocation)
    {
        var schedule = protection?.ScheduleName;
        var covering = backups.Covering(ns).ToList();
        var good = covering.Where(b => b.IsGood).OrderByDescending(Newest).ThenByDescending(b => b.Name, StringComparer.Ordinal).FirstOrDefault();
        // The runs of its own Schedule; without one, every finished backup that holds it.
        var runs = (schedule is null ? covering : backups.OfSchedule(schedule))
            .Where(b => b.IsFinished).OrderByDescending(Newest).ThenByDescending(b => b.Name, StringComparer.Ordinal).ToList();
        var failed = runs.TakeWhile(b => b.IsFailure).ToList();
        var last = runs.FirstOrDefault();
        return new RpoFacts(
            good?.Name, good?.PointInTime, good is null ? null : SourceOf(good, ns, schedule),
            last?.Name, last?.Phase, last is null ? null : last.CompletedAt ?? last.PointInTime,
            failed.Count, Summary(failed, schedule is not null),
            policy?.StorageLocation ?? last?.StorageLocation ?? good?.StorageLocation ?? defaultLocation);
    }

    /// <summary>The facts of a cluster's cluster-scoped resources under protection: only its own Schedule's runs hold
    /// them (no namespace's backup does).</summary>
    public static RpoFacts OfClusterResources(NamespaceProtection protection, ProtectionPolicy? policy, BackupIndex backups, string? defaultLocation)
    {
        var runs = backups.OfSchedule(protection.ScheduleName).Where(b => b.IsFinished)
            .OrderByDescending(Newest).ThenByDescending(b => b.Name, StringComparer.Ordinal).ToList();
        var good = runs.FirstOrDefault(b => b.IsGood);
        var failed = runs.TakeWhile(b => b.IsFailure).ToList();
        var last = runs.FirstOrDefault();
        return new RpoFacts(good?.Name, good?.PointInTime, good is null ? null : RecoveryPointSource.Scheduled,
            last?.Name, last?.Phase, last is null ? null : last.CompletedAt ?? last.PointInTime, failed.Count, Summary(failed, scheduled: true),
            policy?.StorageLocation ?? last?.StorageLocation ?? defaultLocation);
    }

    /// <summary>Copies the facts onto the row; false when nothing changed (no write, no notice).</summary>
    public bool ApplyTo(NamespaceRpoState s, DateTimeOffset now)
    {
        if (s.LastGoodBackup == LastGoodBackup && s.LastGoodAt == LastGoodAt && s.LastGoodSource == LastGoodSource
            && s.LastRunBackup == LastRunBackup && s.LastRunPhase == LastRunPhase && s.LastRunAt == LastRunAt
            && s.FailedRunsInRow == FailedRunsInRow && s.FailureSummary == FailureSummary && s.StorageLocation == StorageLocation)
            return false;
        s.LastGoodBackup = LastGoodBackup;
        s.LastGoodAt = LastGoodAt;
        s.LastGoodSource = LastGoodSource;
        s.LastRunBackup = LastRunBackup;
        s.LastRunPhase = LastRunPhase;
        s.LastRunAt = LastRunAt;
        s.FailedRunsInRow = FailedRunsInRow;
        s.FailureSummary = FailureSummary;
        s.StorageLocation = StorageLocation;
        s.UpdatedAt = now;
        return true;
    }

    private static DateTimeOffset Newest(ObservedBackup b) => b.PointInTime ?? b.ObservedAt;

    private static RecoveryPointSource SourceOf(ObservedBackup b, string ns, string? schedule) =>
        schedule is not null && b.ScheduleName == schedule ? RecoveryPointSource.Scheduled
        : BackupIndex.SingleNamespace(b) == ns ? RecoveryPointSource.OnDemand
        : RecoveryPointSource.ClusterWide;

    /// <summary>"The last 3 scheduled runs PartiallyFailed: 2 errors in volume data (1 of 2 volume snapshots did not
    /// complete)": how many in a row, their phase, and what Velero said about the newest.</summary>
    internal static string? Summary(IReadOnlyList<ObservedBackup> failed, bool scheduled)
    {
        if (failed.Count == 0) return null;
        var what = scheduled ? "scheduled run" : "backup";
        var head = failed.Count == 1
            ? $"The last {what}"
            : string.Create(CultureInfo.InvariantCulture, $"The last {failed.Count} {what}s");
        var phases = failed.Select(b => b.Phase).Distinct().ToList();
        var verb = phases.Count == 1 ? $" {phases[0]}" : $" did not complete ({string.Join(", ", failed.Select(b => b.Phase))})";
        var newest = failed[0];
        return $"{head}{verb}: {Detail(newest)}";
    }

    private static string Detail(ObservedBackup b)
    {
        if (b.Phase != "PartiallyFailed") return b.FailureReason ?? (b.Errors > 0 ? Errors(b.Errors) : "Velero gave no reason");
        var errors = Errors(b.Errors);
        if (b.FailureReason is { } reason)
            return reason.Contains("volume snapshot", StringComparison.Ordinal) ? $"{errors} in volume data ({reason})" : $"{errors} ({reason})";
        return errors;
    }

    private static string Errors(int n) => string.Create(CultureInfo.InvariantCulture, $"{n} error{(n == 1 ? "" : "s")}");
}
