using Portal.Domain.Common;

namespace Portal.Domain.Recovery;

/// <summary>
/// One restore drill of a tenant's namespace, and the history row the drill leaves: the namespace's latest good backup (or a
/// chosen one) restored into a scratch namespace (<see cref="ScratchNamespace"/>) on the same or another registered cluster,
/// isolated, verified, measured (<see cref="MeasuredRto"/> = restore start to verified) and removed. Made when the drill is
/// asked for (with the request that runs it), changed only by the executor and the sweeper. <see cref="ClusterId"/> is the
/// live namespace's cluster, so the drill is seen by whoever sees that namespace; the scratch namespace is never a tenant's.
/// </summary>
public sealed class RestoreDrill : Entity, IClusterScoped
{
    private RestoreDrill() { Namespace = ScratchNamespaceName = Step = RequestedBy = ""; Checks = []; CheckResults = []; }

    public RestoreDrill(Guid tenantId, Guid clusterId, string @namespace, Guid targetClusterId, string? backupName, DrillTrigger trigger,
        Guid? scheduleId, Guid requestId, TimeSpan targetRto, IReadOnlyList<DrillCheck> checks, TimeSpan? keepForInspection, string requestedBy,
        DateTimeOffset now) : this()
    {
        if (tenantId == Guid.Empty) throw new DomainException("A drill is of a tenant's namespace.");
        if (trigger == DrillTrigger.Scheduled && scheduleId is null) throw new DomainException("A scheduled drill names its schedule.");
        if (backupName is { Length: > 0 } && KubernetesName.ExplainInvalidSubdomain(backupName, "backup name") is { } bad) throw new DomainException(bad);
        if (keepForInspection is { } keep && keep <= TimeSpan.Zero) throw new DomainException("Keep the drill for inspection for a positive time, or not at all.");
        foreach (var c in checks)
            if (c.Problem() is { } problem) throw new DomainException(problem);
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        ScratchNamespaceName = ScratchNamespace.For(@namespace, Id);
        TargetClusterId = targetClusterId;
        BackupName = string.IsNullOrWhiteSpace(backupName) ? null : backupName.Trim();
        BackupChosen = BackupName is not null;
        Trigger = trigger;
        ScheduleId = scheduleId;
        RequestId = requestId;
        TargetRto = targetRto;
        Checks = checks.ToList();
        KeepForInspection = keepForInspection;
        RequestedBy = requestedBy;
        Step = "Waiting to run";
        CreatedAt = UpdatedAt = now;
    }

    public Guid TenantId { get; private set; }
    /// <summary>The live namespace's cluster.</summary>
    public Guid ClusterId { get; private set; }
    /// <summary>The live namespace (never written by the drill).</summary>
    public string Namespace { get; private set; }
    /// <summary>Where the drill restores: <see cref="ClusterId"/> itself, or another registered cluster that sees the backup.</summary>
    public Guid TargetClusterId { get; private set; }
    public string ScratchNamespaceName { get; private set; }
    /// <summary>The backup restored: the chosen one, or the latest good one as resolved when the drill ran (null until then).</summary>
    public string? BackupName { get; private set; }
    /// <summary>True when the SRE chose the backup; false for "latest good backup".</summary>
    public bool BackupChosen { get; private set; }
    /// <summary>When the restored backup was taken (recorded when the drill ran).</summary>
    public DateTimeOffset? BackupTakenAt { get; private set; }
    public DrillTrigger Trigger { get; private set; }
    public Guid? ScheduleId { get; private set; }
    /// <summary>The request that runs the drill (approval, timeline, audit, executor).</summary>
    public Guid RequestId { get; private set; }
    public DrillStatus Status { get; private set; } = DrillStatus.Pending;
    /// <summary>The current step, in words ("Waiting for Deployment web to be available").</summary>
    public string Step { get; private set; }
    /// <summary>The Velero Restore the drill made (for clean-up and the timeline).</summary>
    public string? RestoreName { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? RestoreStartedAt { get; private set; }
    public DateTimeOffset? VerifiedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>From the restore's start to verified; null unless the drill passed.</summary>
    public TimeSpan? MeasuredRto { get; private set; }
    /// <summary>The namespace's target RTO when the drill was asked for (<see cref="Recovery.TargetRto"/>).</summary>
    public TimeSpan TargetRto { get; private set; }
    /// <summary>Why the drill failed, in words naming what was not ready or which check failed.</summary>
    public string? Failure { get; private set; }
    public List<DrillCheck> Checks { get; private set; }
    public List<DrillCheckResult> CheckResults { get; private set; }
    /// <summary>How long to keep the scratch namespace after the drill, as asked (capped by the portal's maximum); null: remove at once.</summary>
    public TimeSpan? KeepForInspection { get; private set; }
    public DateTimeOffset? KeepUntil { get; private set; }
    public DrillCleanupState CleanupState { get; private set; } = DrillCleanupState.Pending;
    public DateTimeOffset? CleanedUpAt { get; private set; }
    public string? CleanupError { get; private set; }
    public string RequestedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: the executor and the sweeper both write this row.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsTerminal => Status.IsTerminal();
    public bool IsSameCluster => TargetClusterId == ClusterId;

    /// <summary>True when the drill passed within its target RTO.</summary>
    public bool MetTarget => Status == DrillStatus.Passed && MeasuredRto is { } rto && Recovery.TargetRto.Meets(rto, TargetRto);

    /// <summary>The executor began: from now on the drill may have made something on the target cluster.</summary>
    public void Start(DateTimeOffset now)
    {
        if (Status != DrillStatus.Pending) throw new DomainException($"The drill has already started ({Status.Display()}).");
        Status = DrillStatus.Restoring;
        StartedAt = now;
        SetStep("Checking the namespace, the backup and the target cluster", now);
    }

    /// <summary>The backup the drill restores (for "latest good", the one found when it ran), with when it was taken.</summary>
    public void UseBackup(string backupName, DateTimeOffset? takenAt, DateTimeOffset now)
    {
        RequireRunning();
        if (BackupChosen && backupName != BackupName) throw new DomainException($"The drill restores the chosen backup {BackupName}.");
        BackupName = backupName;
        BackupTakenAt = takenAt;
        Touch(now);
    }

    public void SetStep(string words, DateTimeOffset now)
    {
        Step = words;
        Touch(now);
    }

    /// <summary>The Velero Restore was created at <paramref name="at"/>: the RTO clock starts.</summary>
    public void RestoreStarted(string restoreName, DateTimeOffset at)
    {
        RequireRunning();
        RestoreName = restoreName;
        RestoreStartedAt = at;
        SetStep($"Restoring {BackupName} into {ScratchNamespaceName}", at);
    }

    public void Verifying(DateTimeOffset now)
    {
        RequireRunning();
        Status = DrillStatus.Verifying;
        SetStep("Waiting for workloads and claims to be ready", now);
    }

    /// <summary>Every workload ready, every claim bound and every check passed at <paramref name="verifiedAt"/>.</summary>
    public void Pass(DateTimeOffset verifiedAt, IReadOnlyList<DrillCheckResult> results)
    {
        if (Status != DrillStatus.Verifying || RestoreStartedAt is not { } start) throw new DomainException("Only a drill being verified can pass.");
        if (results.Any(r => !r.Passed)) throw new DomainException("A drill with a failed check has failed.");
        VerifiedAt = verifiedAt;
        MeasuredRto = verifiedAt - start;
        CheckResults = results.ToList();
        Status = DrillStatus.Passed;
        Finish(verifiedAt);
        SetStep($"Passed in {Durations.Words(MeasuredRto.Value)}", verifiedAt);
    }

    /// <summary>The drill failed: <paramref name="why"/> says what was not ready, which check failed, or what changed.</summary>
    public void Fail(string why, IReadOnlyList<DrillCheckResult>? results, DateTimeOffset now)
    {
        if (IsTerminal) throw new DomainException($"The drill has already ended ({Status.Display()}).");
        if (string.IsNullOrWhiteSpace(why)) throw new DomainException("Say why the drill failed.");
        Failure = why.Length > 2000 ? why[..2000] : why;
        if (results is not null) CheckResults = results.ToList();
        var started = Status != DrillStatus.Pending;
        Status = DrillStatus.Failed;
        if (started) Finish(now);
        else
        {
            FinishedAt = now;
            CleanupState = DrillCleanupState.Done; // nothing was made
            CleanedUpAt = now;
        }
        SetStep("Failed", now);
    }

    /// <summary>The drill was cut off (the portal restarted, or another replica took its request over) after it started: it fails
    /// and whatever it made is removed, kept for inspection or not (nobody looked at a half-made restore).</summary>
    public void Interrupt(string why, DateTimeOffset now)
    {
        Fail(why, null, now);
        if (CleanupState == DrillCleanupState.Kept)
        {
            CleanupState = DrillCleanupState.Pending;
            KeepUntil = null;
        }
    }

    /// <summary>The drill's request was rejected or cancelled before it ran: nothing was made.</summary>
    public void NotRun(string why, DateTimeOffset now)
    {
        if (Status != DrillStatus.Pending) throw new DomainException("Only a drill that has not started can be called off.");
        Status = DrillStatus.Cancelled;
        Failure = why;
        FinishedAt = CleanedUpAt = now;
        CleanupState = DrillCleanupState.Done;
        SetStep("Not run", now);
    }

    /// <summary>Everything the drill made on the target cluster is gone.</summary>
    public void CleanedUp(DateTimeOffset now)
    {
        CleanupState = DrillCleanupState.Done;
        CleanedUpAt = now;
        CleanupError = null;
        KeepUntil = null;
        Touch(now);
    }

    public void CleanupFailed(string error, DateTimeOffset now)
    {
        CleanupState = DrillCleanupState.Failed;
        CleanupError = error.Length > 2000 ? error[..2000] : error;
        Touch(now);
    }

    /// <summary>Someone is done inspecting a kept drill: its keep ends now, so the sweeper removes it on its next round
    /// (<see cref="DueForCleanup"/>).</summary>
    public void EndKeep(DateTimeOffset now)
    {
        if (CleanupState != DrillCleanupState.Kept) throw new DomainException("Only a drill kept for inspection can be cleaned up early.");
        KeepUntil = now;
        Touch(now);
    }

    /// <summary>Whether the sweeper should remove what the drill made now: it ended, and is not kept any longer.</summary>
    public bool DueForCleanup(DateTimeOffset now) =>
        IsTerminal && (CleanupState is DrillCleanupState.Pending or DrillCleanupState.Failed
                       || (CleanupState == DrillCleanupState.Kept && KeepUntil is { } until && until <= now));

    private void Finish(DateTimeOffset now)
    {
        FinishedAt = now;
        if (KeepForInspection is { } keep)
        {
            KeepUntil = now + keep;
            CleanupState = DrillCleanupState.Kept;
        }
    }

    private void RequireRunning()
    {
        if (Status is not (DrillStatus.Restoring or DrillStatus.Verifying)) throw new DomainException($"The drill is not running ({Status.Display()}).");
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
