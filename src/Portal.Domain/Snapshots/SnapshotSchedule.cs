using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Domain.Schedules;

namespace Portal.Domain.Snapshots;

/// <summary>
/// CSI snapshots on a schedule (CSI has no scheduler of its own): of claims of one namespace, or of every claim a workload
/// mounts, on a five-field cron in an IANA zone (checked by the application's one cron check), keeping the last
/// <see cref="KeepLast"/> ready ones and/or those younger than <see cref="KeepDays"/> days. The portal's scheduler (the drills'
/// one) runs it as a <see cref="RecurringSchedule"/> (a run missed during downtime is made up once, never in a burst) and submits
/// a "snapshot now" request labelled with the schedule's id; retention deletes only those.
/// </summary>
public sealed class SnapshotSchedule : RecurringSchedule, IClusterScoped
{
    public const int MaxKeepLast = 1000;
    public const int MaxKeepDays = 3650;

    private SnapshotSchedule() { Namespace = CreatedBy = ""; Claims = []; }

    public SnapshotSchedule(Guid tenantId, Guid clusterId, string @namespace, SnapshotScheduleSettings settings, string createdBy,
        DateTimeOffset nextDue, DateTimeOffset now) : this()
    {
        if (tenantId == Guid.Empty) throw new DomainException("A namespace's snapshot schedule is its tenant's.");
        if (KubernetesName.ExplainInvalidLabel(@namespace, "namespace name") is { } why) throw new DomainException(why);
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        CreatedBy = createdBy;
        CreatedAt = now;
        Change(settings, nextDue, now);
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }
    /// <summary>The claims snapshotted (empty when <see cref="WorkloadKind"/> is set: the workload's claims at each run).</summary>
    public List<string> Claims { get; private set; }
    public string? WorkloadKind { get; private set; }
    public string? WorkloadName { get; private set; }
    public string? SnapshotClass { get; private set; }
    public SnapshotConsistency Consistency { get; private set; }
    /// <summary>The registered database whose checkpoint runs before each snapshot (consistency <see cref="SnapshotConsistency.DatabaseCheckpoint"/>).</summary>
    public Guid? DatabaseId { get; private set; }
    public int? KeepLast { get; private set; }
    public int? KeepDays { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public WorkloadReference? Workload => WorkloadKind is null || WorkloadName is null ? null : new WorkloadReference(WorkloadKind, WorkloadName);

    public void Change(SnapshotScheduleSettings settings, DateTimeOffset nextDue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem) throw new DomainException(problem);
        Claims = settings.Workload is null ? settings.Claims.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList() : [];
        WorkloadKind = settings.Workload?.Kind;
        WorkloadName = settings.Workload?.Name;
        SnapshotClass = string.IsNullOrWhiteSpace(settings.SnapshotClass) ? null : settings.SnapshotClass.Trim();
        Consistency = settings.Consistency;
        DatabaseId = settings.DatabaseId;
        KeepLast = settings.KeepLast;
        KeepDays = settings.KeepDays;
        SetCadence(settings.Cron, settings.TimeZone, settings.Enabled, nextDue, now);
    }

    /// <summary>Of the schedule's snapshots (name, creation time, ready; any order), those its retention deletes at
    /// <paramref name="now"/>: beyond the last <see cref="KeepLast"/> ready ones (one not ready is beyond when
    /// <see cref="KeepLast"/> ready ones are newer), or older than <see cref="KeepDays"/> days; never the newest ready one, and
    /// none while the newest is not ready yet (it may fail: the ready ones are what a restore needs).</summary>
    public IReadOnlyList<string> Expired(IEnumerable<(string Name, DateTimeOffset CreatedAt, bool Ready)> snapshots, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var ordered = snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Name, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0 || !ordered[0].Ready) return [];
        var expired = new List<string>();
        var readyNewer = 0;
        foreach (var s in ordered)
        {
            var beyondLast = KeepLast is { } n && readyNewer >= n;
            var tooOld = KeepDays is { } d && s.CreatedAt < now - TimeSpan.FromDays(d);
            if (readyNewer > 0 && (beyondLast || tooOld)) expired.Add(s.Name);
            if (s.Ready) readyNewer++;
        }

        return expired;
    }
}

/// <summary>Everything about a snapshot schedule that can be changed.</summary>
public sealed record SnapshotScheduleSettings(IReadOnlyList<string> Claims, WorkloadReference? Workload, string? SnapshotClass,
    SnapshotConsistency Consistency, string Cron, string TimeZone, int? KeepLast, int? KeepDays, bool Enabled = true, Guid? DatabaseId = null)
{
    /// <summary>What is wrong, in words (cron and zone are the application's to check); null when it is fine.</summary>
    public string? Problem()
    {
        if (Workload is null && (Claims is null || Claims.Count == 0)) return "Choose the claim or the workload to snapshot.";
        if (Workload is null && Claims!.Select(c => KubernetesName.ExplainInvalidSubdomain(c, "claim name")).FirstOrDefault(w => w is not null) is { } bad) return bad;
        if (Workload is { } w && (w.Kind is not ("Deployment" or "StatefulSet") || KubernetesName.ExplainInvalidSubdomain(w.Name, "workload name") is not null))
            return $"{w} is not a Deployment or StatefulSet name.";
        if (SnapshotConsistencyRules.Problem(Consistency, Workload, DatabaseId) is { } consistency) return consistency;
        if (KeepLast is null && KeepDays is null) return "Say how many snapshots to keep (the last N, or those of the last N days, or both).";
        if (KeepLast is < 1 or > SnapshotSchedule.MaxKeepLast) return $"Keep between 1 and {SnapshotSchedule.MaxKeepLast} snapshots (you asked for {KeepLast}).";
        if (KeepDays is < 1 or > SnapshotSchedule.MaxKeepDays) return $"Keep snapshots between 1 and {SnapshotSchedule.MaxKeepDays} days (you asked for {KeepDays}).";
        return null;
    }
}
