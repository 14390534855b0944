namespace Portal.Domain.Moves;

/// <summary>An object by its coordinates (namespace null for cluster-scoped ones).</summary>
public sealed record ObjectReference(string ApiVersion, string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}

/// <summary>A source workload as it was before the quiesce: a Deployment's or StatefulSet's replicas, or whether a
/// CronJob was suspended already.</summary>
public sealed record QuiescedWorkload(string ApiVersion, string Kind, string Name, int? Replicas, bool? WasSuspended = null);

/// <summary>The GitOps object frozen on the source and how its sync was before (Argo CD's
/// <c>spec.syncPolicy.automated</c> as JSON, null when it had none; Flux's <c>spec.suspend</c>).</summary>
public sealed record GitOpsFreeze(ObjectReference Object, string? PriorArgoAutomatedJson, bool? PriorFluxSuspend);

/// <summary>What switching GitOps to the target did: objects created on the target (an Argo CD Application, Flux
/// objects), or an Application whose destination was changed (with the destination before).</summary>
public sealed record GitOpsSwitch(IReadOnlyList<ObjectReference> CreatedOnTarget, ObjectReference? RepointedOnSource = null,
    string? PriorDestinationServer = null);

/// <summary>One database moved by dump and restore: the object that runs it (a Deployment, StatefulSet or CloudNativePG
/// Cluster), its engine, the artifact its dump reported (path in the scratch claim and sha256), and whether it was
/// restored on the target.</summary>
public sealed record DatabaseDump(string ApiVersion, string Kind, string Name, string Engine, string? Artifact = null, string? Sha256 = null,
    bool Restored = false)
{
    public override string ToString() => $"{Kind} {Name}";
}

/// <summary>What the executor remembers while moving an application: enough to resume after a restart and to roll
/// back what it did, and nothing more.</summary>
public sealed record MigrationRunState
{
    public static MigrationRunState Empty { get; } = new();

    public GitOpsFreeze? Freeze { get; init; }

    public IReadOnlyList<QuiescedWorkload> Quiesced { get; init; } = [];

    /// <summary>The transformed manifests of the export taken at run time (before the quiesce), for people to review:
    /// Secret values hidden.</summary>
    public string? ManifestsYaml { get; init; }

    /// <summary>The same objects as a JSON array in apply order, Secrets included: what the executor applies. Encrypted
    /// (the application's Secrets are in it), like cluster credentials; only the executor decrypts it.</summary>
    public string? ManifestsJson { get; init; }

    public int ExportedObjects { get; init; }

    public bool CreatedTargetNamespace { get; init; }

    /// <summary>The switch-over gave the target namespace to the application's tenant (a rollback takes it back).</summary>
    public bool HandedOverTargetNamespace { get; init; }

    /// <summary>Objects the portal created on the target (rollback removes them); objects that were there already are not listed.</summary>
    public IReadOnlyList<ObjectReference> CreatedOnTarget { get; init; } = [];

    public string? BackupName { get; init; }

    public string? RestoreName { get; init; }

    public GitOpsSwitch? Switch { get; init; }

    /// <summary>Database workloads the quiesce left running on the source (with their replicas) so they could be dumped;
    /// they join <see cref="Quiesced"/> when the dumps are done and they are scaled down.</summary>
    public IReadOnlyList<QuiescedWorkload> DatabaseWorkloads { get; init; } = [];

    /// <summary>The databases moved by dump and restore, and how far each got.</summary>
    public IReadOnlyList<DatabaseDump> DatabaseDumps { get; init; } = [];

    /// <summary>The scratch claim of the dumps was copied to the target.</summary>
    public bool DumpsCopied { get; init; }

    /// <summary>Claims whose rsync copy finished (recorded before the copy's objects are removed, so a second run only
    /// cleans up).</summary>
    public IReadOnlyList<string> CopiedClaims { get; init; } = [];

    /// <summary>Scratch objects the portal created on the source (the dump claim and Jobs); removed when the move no
    /// longer needs them, and by a rollback.</summary>
    public IReadOnlyList<ObjectReference> CreatedOnSource { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];
}
