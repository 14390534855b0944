using Portal.Domain.Common;

namespace Portal.Domain.Moves;

public enum GitOpsKind { None, ArgoCdApplication, FluxKustomization, FluxHelmRelease }

/// <summary>The GitOps object that deploys an application: an Argo CD Application or a Flux Kustomization, by name
/// and the namespace the object lives in (<c>argocd</c>, <c>flux-system</c>, ...).</summary>
public sealed record GitOpsReference(GitOpsKind Kind, string Name, string Namespace)
{
    public override string ToString() => Kind switch
    {
        GitOpsKind.ArgoCdApplication => $"Argo CD Application {Namespace}/{Name}",
        GitOpsKind.FluxKustomization => $"Flux Kustomization {Namespace}/{Name}",
        GitOpsKind.FluxHelmRelease => $"Flux HelmRelease {Namespace}/{Name}",
        _ => "none",
    };
}

/// <summary>What the inspection found, as the plan shows it.</summary>
public sealed record ApplicationClassification(bool IsStateless, bool HasPersistentVolumeClaims, bool HasDatabase, bool IsGitOpsManaged,
    string Summary, IReadOnlyList<string> Claims, IReadOnlyList<string> Databases, IReadOnlyList<string> StorageClasses);

public enum MigrationApplicationStatus
{
    /// <summary>In a wave being planned or awaiting approval.</summary>
    Planned,
    /// <summary>The wave is approved: waiting for its window or a free slot.</summary>
    Waiting,
    Moving,
    /// <summary>A cluster is unreachable: the move waits and resumes by itself when it is back.</summary>
    Paused,
    Moved,
    Failed,
    /// <summary>Never started: the window closed first, or it was rolled back before it started.</summary>
    Skipped,
    RollingBack,
    RolledBack,
    RollbackFailed,
}

/// <summary>One application of a plan: a namespace on the source (alone, or deployed by an Argo CD Application or
/// Flux Kustomization), where it goes, how (the playbook), what the preflight found, and while it runs, each step
/// and what is needed to roll it back. Owned by the tenant that owns the namespace.</summary>
public sealed class MigrationApplication : Entity, IClusterScoped
{
    private MigrationApplication()
    {
        SourceNamespace = TargetNamespace = RecommendationReason = "";
        GitOps = null!;
        Classification = null!;
        Mappings = MigrationMappings.None;
    }

    public MigrationApplication(MigrationPlan plan, MigrationWave wave, Guid tenantId, string sourceNamespace, string targetNamespace,
        GitOpsReference? gitOps, DateTimeOffset now)
    {
        if (wave.PlanId != plan.Id) throw new ArgumentException("The wave belongs to another plan.", nameof(wave));
        RequireEditable(wave, "added");
        if (KubernetesName.ExplainInvalidLabel(sourceNamespace, "source namespace") is { } why) throw new DomainException(why);
        PlanId = plan.Id;
        WaveId = wave.Id;
        TenantId = tenantId;
        ClusterId = plan.SourceClusterId;
        SourceNamespace = sourceNamespace;
        TargetNamespace = targetNamespace;
        GitOps = gitOps ?? new GitOpsReference(GitOpsKind.None, "", "");
        Classification = new ApplicationClassification(true, false, false, false, "not inspected yet", [], [], []);
        RecommendationReason = "";
        Mappings = MigrationMappings.None;
        SetTarget(targetNamespace);
        CreatedAt = UpdatedAt = now;
    }

    public Guid PlanId { get; private set; }
    public Guid WaveId { get; private set; }
    public Guid TenantId { get; private set; }
    /// <summary>The source cluster (the plan's): someone scoped to it sees the application.</summary>
    public Guid ClusterId { get; private set; }
    public string SourceNamespace { get; private set; }
    public string TargetNamespace { get; private set; }
    public GitOpsReference GitOps { get; private set; }

    public ApplicationClassification Classification { get; private set; }
    public MigrationPlaybook RecommendedPlaybook { get; private set; }
    public string RecommendationReason { get; private set; }
    public IReadOnlyList<PlaybookAlternative> Alternatives { get; private set; } = [];
    public MigrationPlaybook Playbook { get; private set; }
    /// <summary>Storage class and image registry mappings; the namespace mapping is <see cref="SourceNamespace"/> → <see cref="TargetNamespace"/>.</summary>
    public MigrationMappings Mappings { get; private set; }

    public IReadOnlyList<PreflightFinding> Findings { get; private set; } = [];
    public DateTimeOffset? PreflightAt { get; private set; }
    /// <summary>Something the preflight depends on changed since it ran (playbook, mappings, target namespace).</summary>
    public bool PreflightStale { get; private set; } = true;
    /// <summary>The transformed manifests of the last preflight, for viewing and download before approval.</summary>
    public string? PreviewYaml { get; private set; }
    public int PreviewObjectCount { get; private set; }
    /// <summary>What the transform left out, and why; and what it changed that people should know.</summary>
    public IReadOnlyList<string> TransformSkipped { get; private set; } = [];
    public IReadOnlyList<string> TransformNotes { get; private set; } = [];
    public string? WarningsAcknowledgedByName { get; private set; }
    public DateTimeOffset? WarningsAcknowledgedAt { get; private set; }

    public string? OwnerAcknowledgedById { get; private set; }
    public string? OwnerAcknowledgedByName { get; private set; }
    public DateTimeOffset? OwnerAcknowledgedAt { get; private set; }

    /// <summary>For a recovery: the backup it is restored from, and once restored, when (the data loss).</summary>
    public RecoveryPoint? Recovery { get; private set; }

    public bool IsRecovery => Recovery is not null;

    public MigrationApplicationStatus Status { get; private set; } = MigrationApplicationStatus.Planned;
    /// <summary>Why it is paused, failed or skipped, in words.</summary>
    public string? StatusDetail { get; private set; }
    public Guid? MigrationRequestId { get; private set; }
    public Guid? RollbackRequestId { get; private set; }
    public string? RollbackRequestedByName { get; private set; }
    public IReadOnlyList<MigrationStepState> Steps { get; private set; } = [];
    public IReadOnlyList<MigrationStepState> RollbackSteps { get; private set; } = [];
    public MigrationRunState RunState { get; private set; } = MigrationRunState.Empty;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>The playbook's title for this application (a stateless one has no PVC data to copy).</summary>
    public string PlaybookTitle => Playbook.Title(Classification.HasPersistentVolumeClaims);

    public bool HasErrors => Findings.Any(f => f.Severity == PreflightSeverity.Error);
    public bool HasWarnings => Findings.Any(f => f.Severity == PreflightSeverity.Warning);
    public bool WarningsAcknowledged => !HasWarnings || WarningsAcknowledgedAt is not null;
    public bool IsOwnerAcknowledged => OwnerAcknowledgedAt is not null;

    /// <summary>Preflight run on the current choices, no errors, warnings acknowledged.</summary>
    public bool PassedPreflight => PreflightAt is not null && !PreflightStale && !HasErrors && WarningsAcknowledged;

    /// <summary>Why the application is not ready for its wave to be submitted; null when it is.</summary>
    public string? NotReadyBecause()
    {
        if (PreflightAt is null || PreflightStale) return $"{SourceNamespace}: run the preflight{(PreflightAt is null ? "" : " again (the choices changed since it ran)")}.";
        if (HasErrors) return $"{SourceNamespace}: the preflight found {Findings.Count(f => f.Severity == PreflightSeverity.Error)} error(s); fix them or change the mappings.";
        if (!WarningsAcknowledged) return $"{SourceNamespace}: acknowledge the preflight's warnings.";
        return null;
    }

    public bool HasStarted => Steps.Any(s => s.Status != MigrationStepStatus.Pending);

    /// <summary>A recovery is not rolled back (its source is lost, there is nothing to go back to); a failed one is retried.</summary>
    public bool CanRollBack => !IsRecovery && Status is MigrationApplicationStatus.Moving or MigrationApplicationStatus.Paused or MigrationApplicationStatus.Moved
        or MigrationApplicationStatus.Failed or MigrationApplicationStatus.RollbackFailed or MigrationApplicationStatus.Waiting;

    public void RecordInspection(ApplicationClassification classification, PlaybookRecommendation recommendation, DateTimeOffset now)
    {
        Classification = classification;
        RecommendedPlaybook = recommendation.Playbook;
        RecommendationReason = recommendation.Reason;
        Alternatives = recommendation.Alternatives;
        Playbook = recommendation.Playbook;
        Invalidate(now);
    }

    /// <summary>The inspection found the GitOps object that deploys the application (its objects carry its tracking)
    /// although the planner did not name it: the move freezes and switches it.</summary>
    /// <summary>A recovery: what the portal last knew of the application (never read from the lost source), the backup it
    /// is restored from, and what the plan found (<paramref name="findings"/> stand for the preflight, which never asks the
    /// lost cluster; the executor checks the replacement again before it writes).</summary>
    public void PlanRecovery(MigrationWave wave, RecoveryPoint point, ApplicationClassification classification,
        IReadOnlyList<PreflightFinding> findings, DateTimeOffset now)
    {
        RequireEditable(wave, "planned");
        Recovery = point;
        Classification = classification;
        RecommendedPlaybook = Playbook = MigrationPlaybook.RestoreFromBackup;
        RecommendationReason = $"The source is lost: restored from backup {point.BackupName} of {point.BackupTakenAt:yyyy-MM-dd HH:mm} UTC.";
        Alternatives = [];
        Findings = findings;
        PreviewYaml = null;
        PreviewObjectCount = 0;
        TransformSkipped = TransformNotes = [];
        PreflightAt = now;
        PreflightStale = false;
        WarningsAcknowledgedAt = null;
        WarningsAcknowledgedByName = null;
        Touch(now);
    }

    public void AdoptGitOps(GitOpsReference gitOps, DateTimeOffset now)
    {
        if (GitOps.Kind != GitOpsKind.None || gitOps.Kind == GitOpsKind.None) return;
        GitOps = gitOps;
        Invalidate(now);
    }

    public void ChoosePlaybook(MigrationWave wave, MigrationPlaybook playbook, DateTimeOffset now)
    {
        RequireEditable(wave, "changed");
        if (IsRecovery && playbook != MigrationPlaybook.RestoreFromBackup)
            throw new DomainException($"{SourceNamespace} is recovered from a backup: its cluster is lost, so no other playbook can reach it.");
        if (!IsRecovery && playbook == MigrationPlaybook.RestoreFromBackup)
            throw new DomainException($"{playbook.Title()} is for recovering a lost cluster; {SourceNamespace} is moved from a cluster that answers.");
        if (playbook != RecommendedPlaybook && Alternatives.FirstOrDefault(a => a.Playbook == playbook) is { Possible: false } no)
            throw new DomainException($"{playbook.Title(Classification.HasPersistentVolumeClaims)} cannot move {SourceNamespace}: {no.Reason}");
        Playbook = playbook;
        Invalidate(now);
    }

    public void ChangeMappings(MigrationWave wave, string targetNamespace, MigrationMappings mappings, DateTimeOffset now)
    {
        RequireEditable(wave, "changed");
        var candidate = mappings with { Namespaces = new Dictionary<string, string> { [SourceNamespace] = targetNamespace } };
        if (candidate.Validate() is { Count: > 0 } problems) throw new DomainException(string.Join(" ", problems));
        if (targetNamespace == TargetNamespace && Same(mappings.StorageClasses, Mappings.StorageClasses) && Same(mappings.ImageRegistries, Mappings.ImageRegistries))
            return; // saved as it was: the preflight and the owner's agreement still stand
        SetTarget(targetNamespace);
        Mappings = mappings with { Namespaces = new Dictionary<string, string>() };
        Invalidate(now);
    }

    /// <summary>The mappings the transform uses: the plan's, plus the namespace rename.</summary>
    public MigrationMappings EffectiveMappings => Mappings with
    {
        Namespaces = SourceNamespace == TargetNamespace
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [SourceNamespace] = TargetNamespace },
    };

    public void RecordPreflight(MigrationWave wave, IReadOnlyList<PreflightFinding> findings, string previewYaml, int objectCount,
        IReadOnlyList<string> skipped, IReadOnlyList<string> notes, DateTimeOffset now)
    {
        RequireEditable(wave, "preflighted");
        var sameWarnings = Findings.Where(f => f.Severity == PreflightSeverity.Warning).Select(f => f.Message)
            .SequenceEqual(findings.Where(f => f.Severity == PreflightSeverity.Warning).Select(f => f.Message));
        Findings = findings;
        PreviewYaml = previewYaml;
        PreviewObjectCount = objectCount;
        TransformSkipped = skipped;
        TransformNotes = notes;
        PreflightAt = now;
        PreflightStale = false;
        if (!sameWarnings) WarningsAcknowledgedAt = null;
        if (WarningsAcknowledgedAt is null) WarningsAcknowledgedByName = null;
        Touch(now);
    }

    public void AcknowledgeWarnings(MigrationWave wave, string byName, DateTimeOffset now)
    {
        RequireEditable(wave, "acknowledged");
        if (PreflightAt is null || PreflightStale) throw new DomainException("Run the preflight first, then acknowledge what it found.");
        if (!HasWarnings) throw new DomainException("The preflight found no warnings to acknowledge.");
        WarningsAcknowledgedByName = byName;
        WarningsAcknowledgedAt = now;
        Touch(now);
    }

    /// <summary>The application's owner agrees to the move (policy may require it before approval).</summary>
    public void AcknowledgeAsOwner(MigrationWave wave, string byId, string byName, DateTimeOffset now)
    {
        if (wave.Status is not (MigrationWaveStatus.Draft or MigrationWaveStatus.PendingApproval))
            throw new DomainException($"The wave is {wave.Status}; acknowledgements are given before it is approved.");
        OwnerAcknowledgedById = byId;
        OwnerAcknowledgedByName = byName;
        OwnerAcknowledgedAt = now;
        Touch(now);
    }

    /// <summary>The wave was approved: the application waits for its window, carried out by request <paramref name="requestId"/>.</summary>
    public void Schedule(Guid requestId, DateTimeOffset now)
    {
        if (Status != MigrationApplicationStatus.Planned) throw new DomainException($"{SourceNamespace} is {Status}; it cannot be scheduled again.");
        if (!PassedPreflight) throw new DomainException(NotReadyBecause() ?? "The preflight has not passed.");
        MigrationRequestId = requestId;
        Status = MigrationApplicationStatus.Waiting;
        Steps = MigrationSteps.For(Playbook).Select(s => new MigrationStepState(s, MigrationStepStatus.Pending)).ToList();
        Touch(now);
    }

    public void StartStep(MigrationStep step, string? detail, DateTimeOffset now)
    {
        Status = MigrationApplicationStatus.Moving;
        StatusDetail = null;
        ReplaceStep(step, s => s with { Status = MigrationStepStatus.Running, Detail = detail ?? s.Detail, StartedAt = s.StartedAt ?? now, EndedAt = null }, now);
    }

    public void FinishStep(MigrationStep step, MigrationStepStatus outcome, string? detail, DateTimeOffset now)
    {
        if (outcome is MigrationStepStatus.Pending or MigrationStepStatus.Running) throw new ArgumentOutOfRangeException(nameof(outcome));
        ReplaceStep(step, s => s with { Status = outcome, Detail = detail ?? s.Detail, StartedAt = s.StartedAt ?? now, EndedAt = now }, now);
    }

    /// <summary>Shows progress inside a running step (e.g. "restore: 12 of 30 items").</summary>
    public void ReportStep(MigrationStep step, string detail, DateTimeOffset now) =>
        ReplaceStep(step, s => s with { Detail = detail }, now);

    public void UpdateRunState(Func<MigrationRunState, MigrationRunState> change, DateTimeOffset now)
    {
        RunState = change(RunState);
        Touch(now);
    }

    /// <summary>A cluster cannot be reached: the move waits and resumes when it is back.</summary>
    public void Pause(string why, DateTimeOffset now)
    {
        if (Status is MigrationApplicationStatus.RollingBack) { StatusDetail = why; Touch(now); return; }
        Status = MigrationApplicationStatus.Paused;
        StatusDetail = why;
        Touch(now);
    }

    /// <summary>A failed move can run again from its failed step once the cause is fixed (what is done stays done).</summary>
    public bool CanRetry => NotRetryableBecause() is null;

    public string? NotRetryableBecause() =>
        Status != MigrationApplicationStatus.Failed ? $"{SourceNamespace} is {Status}; only a failed move can be retried."
        : RollbackRequested ? $"A rollback of {SourceNamespace} was asked for; it is rolled back, not retried."
        : Steps.Count == 0 ? $"{SourceNamespace} was never scheduled; there is nothing to retry."
        : null;

    /// <summary>The failed step's title, or null when the move failed before its first step.</summary>
    public string? FailedStepTitle => Steps.FirstOrDefault(s => s.Status == MigrationStepStatus.Failed)?.Step.Title();

    /// <summary>Runs the move again, by request <paramref name="requestId"/>: the failed step (and those after it) are
    /// pending again, the others keep what they did.</summary>
    public void Retry(Guid requestId, DateTimeOffset now)
    {
        if (NotRetryableBecause() is { } why) throw new DomainException(why);
        MigrationRequestId = requestId;
        Status = MigrationApplicationStatus.Waiting;
        StatusDetail = null;
        Steps = Steps.Select(s => s.Status == MigrationStepStatus.Failed ? s with { Status = MigrationStepStatus.Pending, EndedAt = null } : s).ToList();
        Touch(now);
    }

    /// <summary>Moved; a recovered application records when, so its data loss is known.</summary>
    public void MarkMoved(DateTimeOffset now)
    {
        if (Recovery is { RecoveredAt: null } point) Recovery = point with { RecoveredAt = now };
        End(MigrationApplicationStatus.Moved, null, now);
    }

    public void MarkFailed(string why, DateTimeOffset now) => End(MigrationApplicationStatus.Failed, why, now);

    /// <summary>Never started (the window closed, or a rollback came first).</summary>
    public void MarkSkipped(string why, DateTimeOffset now)
    {
        if (HasStarted) throw new DomainException($"{SourceNamespace} has started moving; roll it back instead.");
        End(MigrationApplicationStatus.Skipped, why, now);
    }

    /// <summary>A rollback was asked for; request <paramref name="requestId"/> carries it out once the move has stopped.</summary>
    public void RequestRollback(Guid requestId, string byName, DateTimeOffset now)
    {
        if (IsRecovery) throw new DomainException($"{SourceNamespace} is recovered from a backup because its cluster is lost: there is nothing to roll back to. Retry it if it failed.");
        if (!CanRollBack) throw new DomainException($"{SourceNamespace} is {Status}; there is nothing to roll back.");
        RollbackRequestId = requestId;
        RollbackRequestedByName = byName;
        RollbackSteps = MigrationSteps.Rollback.Select(s => new MigrationStepState(s, MigrationStepStatus.Pending)).ToList();
        Touch(now);
    }

    public bool RollbackRequested => RollbackRequestId is not null;

    public void StartRollbackStep(MigrationStep step, string? detail, DateTimeOffset now)
    {
        Status = MigrationApplicationStatus.RollingBack;
        StatusDetail = null;
        RollbackSteps = RollbackSteps.Select(s => s.Step == step
            ? s with { Status = MigrationStepStatus.Running, Detail = detail ?? s.Detail, StartedAt = s.StartedAt ?? now } : s).ToList();
        Touch(now);
    }

    public void FinishRollbackStep(MigrationStep step, MigrationStepStatus outcome, string? detail, DateTimeOffset now)
    {
        RollbackSteps = RollbackSteps.Select(s => s.Step == step
            ? s with { Status = outcome, Detail = detail ?? s.Detail, StartedAt = s.StartedAt ?? now, EndedAt = now } : s).ToList();
        Touch(now);
    }

    public void MarkRolledBack(DateTimeOffset now) => End(MigrationApplicationStatus.RolledBack, null, now);

    public void MarkRollbackFailed(string why, DateTimeOffset now) => End(MigrationApplicationStatus.RollbackFailed, why, now);

    public bool HasEnded => Status is MigrationApplicationStatus.Moved or MigrationApplicationStatus.Failed or MigrationApplicationStatus.Skipped
        or MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed;

    private void End(MigrationApplicationStatus status, string? why, DateTimeOffset now)
    {
        Status = status;
        StatusDetail = why;
        Touch(now);
    }

    private void ReplaceStep(MigrationStep step, Func<MigrationStepState, MigrationStepState> change, DateTimeOffset now)
    {
        if (Steps.All(s => s.Step != step)) throw new DomainException($"{step.Title()} is not a step of moving {SourceNamespace} by {PlaybookTitle}.");
        Steps = Steps.Select(s => s.Step == step ? change(s) : s).ToList();
        Touch(now);
    }

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private void SetTarget(string targetNamespace)
    {
        if (TenantNamespaceName.Explain(targetNamespace, "target namespace") is { } why) throw new DomainException(why);
        TargetNamespace = targetNamespace;
    }

    /// <summary>The move changed (playbook, mappings, target): the preflight must run again, and the owner, who agreed to
    /// the move as it was, must agree again.</summary>
    private void Invalidate(DateTimeOffset now)
    {
        // A recovery's findings come from the portal's records, not from the lost source: they stand; the executor
        // checks the replacement again before it writes.
        PreflightStale = Recovery is null;
        ClearOwnerAcknowledgement(now);
    }

    /// <summary>The owner agreed to a move that is no longer the one planned (its window or its shape changed).</summary>
    public void ClearOwnerAcknowledgement(DateTimeOffset now)
    {
        OwnerAcknowledgedById = OwnerAcknowledgedByName = null;
        OwnerAcknowledgedAt = null;
        Touch(now);
    }

    private static void RequireEditable(MigrationWave wave, string verb)
    {
        if (!wave.IsEditable) throw new DomainException($"The wave \"{wave.Name}\" is {wave.Status}; applications can only be {verb} while it is being planned.");
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
