namespace Portal.Domain.Requests;

/// <summary>How a Velero backup treats persistent volumes.</summary>
public enum VolumeBackupMode
{
    /// <summary>Velero takes volume snapshots (CSI or provider).</summary>
    Snapshot,
    /// <summary>Velero copies volume files with its node agent (kopia).</summary>
    FileSystem,
    /// <summary>Only the Kubernetes objects, no volume data.</summary>
    None,
}

/// <summary>What to do with objects that already exist in the target namespace (Velero's
/// <c>existingResourcePolicy</c>).</summary>
public enum ExistingResourcePolicy
{
    /// <summary>Leave existing objects alone (Velero's default).</summary>
    None,
    /// <summary>Update existing objects to the backed-up version.</summary>
    Update,
}

public sealed record BackupParameters(TimeSpan Ttl, VolumeBackupMode VolumeMode, string? StorageLocation);

/// <param name="IntoExistingNamespace">The target is a namespace the tenant owns already (the source itself, or another one)
/// and the requester confirmed writing into it; false for a restore into a new namespace, which must still be new when it runs.</param>
/// <param name="SourceClusterId">For a restore to another cluster (the DR cluster): the cluster the backup was taken on, which
/// holds the backed-up namespace; the request's own cluster is where it is restored. Null: the same cluster.</param>
/// <param name="SourceLocation">For a restore to another cluster: the backup storage location on the request's cluster that
/// points at the same bucket and prefix as the one the backup was written to (Velero there syncs the backup from it).</param>
/// <param name="Classes">The storage and ingress classes the backup's claims and Ingresses use, as read at submit, and how
/// the requester mapped them to the target's; empty for a restore on the same cluster.</param>
/// <param name="KeepGitOpsFrozen">Leave the GitOps object that manages the target namespace frozen after the restore (the
/// owner unfreezes it later); otherwise it is unfrozen when the restore ends, whether it succeeded or not.</param>
/// <param name="GitOps">The GitOps objects found deploying into the target at submit (shown to the approver); the executor
/// looks again before it restores and freezes what it finds then.</param>
/// <param name="RequesterGroups">For a restore to another cluster: the requester's Entra groups when they asked, so the executor
/// reads their rights again (the bindings of today) before it writes; null on requests made before it was recorded.</param>
public sealed record RestoreParameters(string BackupName, string TargetNamespace,
    ExistingResourcePolicy ExistingResourcePolicy, bool RestoreVolumes, bool IntoExistingNamespace = false,
    Guid? SourceClusterId = null, string? SourceLocation = null, RestoreClasses? Classes = null, bool KeepGitOpsFrozen = false,
    IReadOnlyList<Moves.GitOpsReference>? GitOps = null, IReadOnlyList<string>? RequesterGroups = null)
{
    /// <summary>True when the backup was taken on another cluster than the one it is restored on.</summary>
    public bool IsCrossCluster => SourceClusterId is not null;
}

/// <summary>A claim of the backup and the storage class it asks for (null: the default class).</summary>
public sealed record ClaimClassUse(string Object, string Claim, string? StorageClass);

/// <summary>An Ingress of the backup and the ingress class it names (null: the default class).</summary>
public sealed record IngressClassUse(string Name, string? IngressClass);

/// <summary>What a restore to another cluster needs of the target's classes: the claims and Ingresses of the backed-up
/// namespace (read from the source at submit, so the executor can check again without the source) and the requester's
/// mappings (source class → target class). <see cref="Known"/> is false when the source could not be read at submit.</summary>
public sealed record RestoreClasses(IReadOnlyList<ClaimClassUse> Claims, IReadOnlyList<IngressClassUse> Ingresses,
    IReadOnlyDictionary<string, string> StorageClassMap, IReadOnlyDictionary<string, string> IngressClassMap, bool Known = true)
{
    public static RestoreClasses None => new([], [], new Dictionary<string, string>(), new Dictionary<string, string>());
}

/// <summary>Which application of which wave a migration (or its rollback) request moves.</summary>
public sealed record MigrationRequestParameters(Guid PlanId, Guid WaveId, Guid ApplicationId);

/// <summary>A restore drill of the request's namespace (the drill row, found by the request's id, holds the rest: scratch
/// namespace, checks, keep for inspection). <paramref name="BackupName"/> null: the latest good backup, resolved when it runs.
/// <paramref name="TargetClusterId"/> is where it restores (the request's cluster, or another registered one).</summary>
public sealed record RestoreDrillParameters(string? BackupName, Guid TargetClusterId, Guid? ScheduleId = null);
