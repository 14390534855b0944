
namespace Portal.Domain.Moves;

/// <summary>The steps of moving one application, and of rolling it back. Each is idempotent and resumable: the
/// executor records where it is, and a second run continues from the first step that is not done.</summary>
public enum MigrationStep
{
    /// <summary>Argo CD automated sync off, or Flux <c>suspend: true</c>, with who, why and until when in annotations.</summary>
    FreezeGitOps,
    /// <summary>Every namespaced object the source serves (discovery), transformed for the target.</summary>
    Export,
    /// <summary>Source workloads scaled to zero and CronJobs suspended, remembering how they were.</summary>
    Quiesce,
    /// <summary>The data moved by the playbook: a Velero backup and restore, a PVC copy, or a database dump and restore.</summary>
    MoveData,
    /// <summary>The transformed manifests applied on the target in dependency order (workloads still at zero).</summary>
    Apply,
    /// <summary>Target workloads scaled to the replicas the source had.</summary>
    StartTarget,
    /// <summary>Workloads available and claims bound on the target.</summary>
    Verify,
    /// <summary>GitOps now deploys to the target (Argo CD destination, or the Flux objects on the target).</summary>
    SwitchGitOps,

    /// <summary>Rollback: GitOps points back at the source (what <see cref="SwitchGitOps"/> created or changed is undone).</summary>
    RevertGitOpsSwitch,
    /// <summary>Rollback: what the portal created on the target is removed (objects it found there are left).</summary>
    RemoveFromTarget,
    /// <summary>Rollback: source workloads back at their replicas, CronJobs resumed.</summary>
    RestartSource,
    /// <summary>Rollback: the source's GitOps sync as it was before the freeze.</summary>
    UnfreezeGitOps,
}

public enum MigrationStepStatus { Pending, Running, Done, Skipped, Failed }

/// <summary>One step of one application, as the status board shows it.</summary>
public sealed record MigrationStepState(MigrationStep Step, MigrationStepStatus Status, string? Detail = null,
    DateTimeOffset? StartedAt = null, DateTimeOffset? EndedAt = null)
{
    public bool IsFinished => Status is MigrationStepStatus.Done or MigrationStepStatus.Skipped;
}

public static class MigrationSteps
{
    /// <summary>The steps of moving an application by <paramref name="playbook"/>. Velero restores the objects with the
    /// data, so the data moves before the manifests are applied over them; a PVC copy or a database restore needs the
    /// claims or the database server on the target first, so there the data moves after.</summary>
    public static IReadOnlyList<MigrationStep> For(MigrationPlaybook playbook) => playbook switch
    {
        // The source is lost: nothing is frozen, exported or stopped there; the backup brings objects and data at once.
        MigrationPlaybook.RestoreFromBackup => [MigrationStep.MoveData, MigrationStep.Verify, MigrationStep.SwitchGitOps],
        MigrationPlaybook.VeleroBackupRestore or MigrationPlaybook.VeleroCsiSnapshots =>
        [
            MigrationStep.FreezeGitOps, MigrationStep.Export, MigrationStep.Quiesce, MigrationStep.MoveData, MigrationStep.Apply,
            MigrationStep.StartTarget, MigrationStep.Verify, MigrationStep.SwitchGitOps,
        ],
        _ =>
        [
            MigrationStep.FreezeGitOps, MigrationStep.Export, MigrationStep.Quiesce, MigrationStep.Apply, MigrationStep.MoveData,
            MigrationStep.StartTarget, MigrationStep.Verify, MigrationStep.SwitchGitOps,
        ],
    };

    public static IReadOnlyList<MigrationStep> Rollback { get; } =
        [MigrationStep.RevertGitOpsSwitch, MigrationStep.RemoveFromTarget, MigrationStep.RestartSource, MigrationStep.UnfreezeGitOps];

    public static string Title(this MigrationStep step) => step switch
    {
        MigrationStep.FreezeGitOps => "Freeze GitOps on the source",
        MigrationStep.Export => "Export and transform",
        MigrationStep.Quiesce => "Quiesce the source",
        MigrationStep.MoveData => "Move the data",
        MigrationStep.Apply => "Apply on the target",
        MigrationStep.StartTarget => "Start on the target",
        MigrationStep.Verify => "Verify",
        MigrationStep.SwitchGitOps => "Switch GitOps to the target",
        MigrationStep.RevertGitOpsSwitch => "Point GitOps back at the source",
        MigrationStep.RemoveFromTarget => "Remove from the target",
        MigrationStep.RestartSource => "Scale the source back up",
        MigrationStep.UnfreezeGitOps => "Unfreeze GitOps on the source",
        _ => step.ToString(),
    };
}
