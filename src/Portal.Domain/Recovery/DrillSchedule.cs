using Portal.Domain.Common;
using Portal.Domain.Schedules;

namespace Portal.Domain.Recovery;

/// <summary>
/// Drills on a schedule (five-field cron in an IANA zone, checked by the application's one cron check before this is made or
/// changed): of one namespace (<see cref="TenantId"/>, <see cref="ClusterId"/>, <see cref="Namespace"/>), or of every namespace
/// protected by a policy (<see cref="PolicyId"/>; then tenant and cluster are <see cref="Guid.Empty"/> and only estate scopes
/// see it, as policies are the platform's). The drill scheduler runs it as a <see cref="RecurringSchedule"/> (a run missed during
/// downtime is made up once, never in a burst) and submits the drills.
/// </summary>
public sealed class DrillSchedule : RecurringSchedule, IClusterScoped
{
    private DrillSchedule() { Namespace = CreatedBy = ""; Checks = []; }

    private DrillSchedule(Guid tenantId, Guid clusterId, string @namespace, Guid? policyId, DrillScheduleSettings settings, string createdBy,
        DateTimeOffset nextDue, DateTimeOffset now) : this()
    {
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        PolicyId = policyId;
        CreatedBy = createdBy;
        CreatedAt = now;
        Change(settings, nextDue, now);
    }

    /// <summary>Drills of one namespace of a tenant.</summary>
    public static DrillSchedule ForNamespace(Guid tenantId, Guid clusterId, string @namespace, DrillScheduleSettings settings, string createdBy,
        DateTimeOffset nextDue, DateTimeOffset now)
    {
        if (tenantId == Guid.Empty) throw new DomainException("A namespace's drills are its tenant's.");
        if (KubernetesName.ExplainInvalidLabel(@namespace, "namespace name") is { } why) throw new DomainException(why);
        return new(tenantId, clusterId, @namespace, null, settings, createdBy, nextDue, now);
    }

    /// <summary>Drills of every namespace protected by the policy, each restored on its own cluster (or on the settings' target).</summary>
    public static DrillSchedule ForPolicy(Guid policyId, DrillScheduleSettings settings, string createdBy, DateTimeOffset nextDue, DateTimeOffset now) =>
        new(Guid.Empty, Guid.Empty, "", policyId, settings, createdBy, nextDue, now);

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    /// <summary>The namespace drilled; empty for a policy's schedule.</summary>
    public string Namespace { get; private set; }
    public Guid? PolicyId { get; private set; }
    /// <summary>Where to restore; null: on the namespace's own cluster.</summary>
    public Guid? TargetClusterId { get; private set; }
    public List<DrillCheck> Checks { get; private set; }
    public TimeSpan? KeepForInspection { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsForPolicy => PolicyId is not null;

    public void Change(DrillScheduleSettings settings, DateTimeOffset nextDue, DateTimeOffset now)
    {
        if (settings.Problem() is { } problem) throw new DomainException(problem);
        TargetClusterId = settings.TargetClusterId;
        Checks = settings.Checks.ToList();
        KeepForInspection = settings.KeepForInspection;
        SetCadence(settings.Cron, settings.TimeZone, settings.Enabled, nextDue, now);
    }
}

/// <summary>Everything about a drill schedule that can be changed.</summary>
public sealed record DrillScheduleSettings(string Cron, string TimeZone, Guid? TargetClusterId, IReadOnlyList<DrillCheck> Checks,
    TimeSpan? KeepForInspection, bool Enabled = true)
{
    public const int MaxChecks = 20;

    /// <summary>What is wrong, in words (cron and zone are the application's to check); null when it is fine.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Cron)) return "Give the schedule as a cron expression (five fields).";
        if (string.IsNullOrWhiteSpace(TimeZone)) return "Choose the time zone the schedule runs in.";
        if (KeepForInspection is { } keep && keep <= TimeSpan.Zero) return "Keep the drill for inspection for a positive time, or not at all.";
        if (Checks.Count > MaxChecks) return $"A drill runs at most {MaxChecks} checks.";
        return Checks.Select(c => c.Problem()).FirstOrDefault(p => p is not null);
    }
}
