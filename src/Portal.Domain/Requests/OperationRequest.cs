using System.Text.Json;
using Portal.Domain.Common;

namespace Portal.Domain.Requests;

/// <summary>One thing a user asked the portal to do on a cluster (a backup, a restore), from
/// submission to outcome. The row is also the executor's queue item: status plus lease.</summary>
public sealed partial class OperationRequest : Entity, IClusterScoped
{
    private OperationRequest() { Namespace = RequestedById = RequestedByName = ParametersJson = ""; }

    private OperationRequest(Guid tenantId, Guid clusterId, string @namespace, RequestKind kind, string parametersJson,
        string requestedById, string requestedByName, string? reason, DateTimeOffset now)
    {
        if (KubernetesName.ExplainInvalidLabel(@namespace, "namespace name") is { } why) throw new DomainException(why);
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        Kind = kind;
        ParametersJson = parametersJson;
        RequestedById = requestedById;
        RequestedByName = requestedByName;
        Reason = reason;
        CreatedAt = UpdatedAt = now;
        SubmissionFingerprint = RequestSubmissionKey.Fingerprint(requestedById, kind, clusterId, @namespace, parametersJson, reason);
    }

    public static OperationRequest ForBackup(Guid tenantId, Guid clusterId, string @namespace, BackupParameters p,
        string requestedById, string requestedByName, string? reason, DateTimeOffset now)
    {
        if (p.Ttl <= TimeSpan.Zero) throw new DomainException("The retention (TTL) must be longer than zero.");
        if (p.StorageLocation is { Length: > 0 } bsl && KubernetesName.ExplainInvalidLabel(bsl, "storage location") is { } why)
            throw new DomainException(why);
        return new(tenantId, clusterId, @namespace, RequestKind.NamespaceBackup, JsonSerializer.Serialize(p),
            requestedById, requestedByName, reason, now);
    }

    public static OperationRequest ForRestore(Guid tenantId, Guid clusterId, string @namespace, RestoreParameters p,
        string requestedById, string requestedByName, string? reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(p.BackupName)) throw new DomainException("Choose the backup to restore from.");
        if (TenantNamespaceName.Explain(p.TargetNamespace, "target namespace") is { } why) throw new DomainException(why);
        return new(tenantId, clusterId, @namespace, RequestKind.NamespaceRestore, JsonSerializer.Serialize(p),
            requestedById, requestedByName, reason, now);
    }

    /// <summary>A restore drill of <paramref name="namespace"/> (the live namespace, which the drill never writes).</summary>
    public static OperationRequest ForRestoreDrill(Guid tenantId, Guid clusterId, string @namespace, RestoreDrillParameters p,
        string requestedById, string requestedByName, string? reason, DateTimeOffset now)
    {
        if (p.BackupName is { Length: > 0 } name && KubernetesName.ExplainInvalidSubdomain(name, "backup name") is { } why) throw new DomainException(why);
        if (p.TargetClusterId == Guid.Empty) throw new DomainException("Choose the cluster the drill restores on.");
        return new(tenantId, clusterId, @namespace, RequestKind.RestoreDrill, JsonSerializer.Serialize(p), requestedById, requestedByName, reason, now);
    }

    /// <summary>A request about a registered database (schedule change, dump, restore, recovery point); the
    /// application checks the parameters against the database before it gets here.</summary>
    public static OperationRequest ForDatabase<TParameters>(RequestKind kind, Guid tenantId, Guid clusterId, string @namespace,
        TParameters p, string requestedById, string requestedByName, string? reason, DateTimeOffset now) where TParameters : class, IDatabaseRequestParameters
    {
        var expected = kind switch
        {
            RequestKind.DumpScheduleChange => typeof(DumpScheduleChangeParameters),
            RequestKind.DatabaseDump => typeof(DatabaseDumpParameters),
            RequestKind.DatabaseRestore or RequestKind.DatabaseOverwrite => typeof(DatabaseRestoreParameters),
            RequestKind.RecoveryPoint => typeof(RecoveryPointParameters),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a database request."),
        };
        if (typeof(TParameters) != expected) throw new ArgumentException($"A {kind} request carries {expected.Name}.", nameof(p));
        if (p is DatabaseRestoreParameters restore)
        {
            if (restore.Overwrite != (kind == RequestKind.DatabaseOverwrite))
                throw new DomainException("Overwriting an existing database is its own kind of request.");
            if (string.IsNullOrWhiteSpace(restore.TargetDatabaseName)) throw new DomainException("Name the database to restore into.");
        }
        if (p is RecoveryPointParameters { BackupTtl.Ticks: <= 0 }) throw new DomainException("The retention (TTL) must be longer than zero.");
        return new(tenantId, clusterId, @namespace, kind, JsonSerializer.Serialize(p), requestedById, requestedByName, reason, now)
        {
            DatabaseId = p.DatabaseId,
        };
    }

    /// <summary>A request about continuous protection: a change to a namespace's protection, or a backup now from its
    /// Schedule. For a cluster's resources the tenant is <see cref="Guid.Empty"/> and the namespace is Velero's.</summary>
    public static OperationRequest ForProtection<TParameters>(RequestKind kind, Guid tenantId, Guid clusterId, string @namespace,
        TParameters p, string requestedById, string requestedByName, string? reason, DateTimeOffset now) where TParameters : class
    {
        var expected = kind switch
        {
            RequestKind.ProtectionChange => typeof(ProtectionChangeParameters),
            RequestKind.ProtectionBackupNow => typeof(ProtectionBackupNowParameters),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a protection request."),
        };
        if (typeof(TParameters) != expected) throw new ArgumentException($"A {kind} request carries {expected.Name}.", nameof(p));
        if (p is ProtectionChangeParameters change)
        {
            if ((change.Change == ProtectionChangeKind.Protect) != (change.ProtectionId is null))
                throw new DomainException("Only a new protection comes without the protection it changes.");
            if (change.Change is ProtectionChangeKind.Protect or ProtectionChangeKind.ChangePolicy && change.PolicyId is null)
                throw new DomainException("Choose the policy.");
            if (change.Change == ProtectionChangeKind.Pause && string.IsNullOrWhiteSpace(change.PauseReason))
                throw new DomainException("Say why the protection is paused.");
            if (change.Change == ProtectionChangeKind.Pause && change.PauseUntil is { } until && until <= now)
                throw new DomainException("A pause must end in the future.");
        }
        return new(tenantId, clusterId, @namespace, kind, JsonSerializer.Serialize(p), requestedById, requestedByName, reason, now);
    }

    /// <summary>A request about CSI snapshots of the tenant's claims in <paramref name="namespace"/>, or (for
    /// <see cref="RequestKind.SnapshotClassChange"/>) about a cluster's snapshot classes: tenant <see cref="Guid.Empty"/>,
    /// namespace the cluster's Velero namespace. The application checks the parameters against the cluster first.</summary>
    public static OperationRequest ForSnapshot<TParameters>(RequestKind kind, Guid tenantId, Guid clusterId, string @namespace,
        TParameters p, string requestedById, string requestedByName, string? reason, DateTimeOffset now) where TParameters : class
    {
        var expected = kind switch
        {
            RequestKind.VolumeSnapshot => typeof(VolumeSnapshotParameters),
            RequestKind.SnapshotDeletion => typeof(SnapshotDeletionParameters),
            RequestKind.SnapshotRestore => typeof(SnapshotRestoreParameters),
            RequestKind.ClaimRollback => typeof(ClaimRollbackParameters),
            RequestKind.SnapshotClassChange => typeof(SnapshotClassChangeParameters),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a snapshot request."),
        };
        if (typeof(TParameters) != expected) throw new ArgumentException($"A {kind} request carries {expected.Name}.", nameof(p));
        var why = p switch
        {
            VolumeSnapshotParameters s when s.Claims.Count == 0 && s.Workload is null => "Choose the claim or the workload to snapshot.",
            VolumeSnapshotParameters s => s.Claims.Select(c => KubernetesName.ExplainInvalidSubdomain(c, "claim name")).FirstOrDefault(w => w is not null),
            SnapshotDeletionParameters d => KubernetesName.ExplainInvalidSubdomain(d.SnapshotName, "snapshot name"),
            SnapshotRestoreParameters r => KubernetesName.ExplainInvalidSubdomain(r.SnapshotName, "snapshot name")
                ?? KubernetesName.ExplainInvalidSubdomain(r.NewClaimName, "new claim name"),
            ClaimRollbackParameters b => KubernetesName.ExplainInvalidSubdomain(b.SnapshotName, "snapshot name")
                ?? KubernetesName.ExplainInvalidSubdomain(b.ClaimName, "claim name"),
            SnapshotClassChangeParameters c => KubernetesName.ExplainInvalidSubdomain(c.SnapshotClassName, "snapshot class name"),
            _ => null,
        };
        if (why is not null) throw new DomainException(why);
        if ((kind == RequestKind.SnapshotClassChange) != (tenantId == Guid.Empty))
            throw new DomainException(kind == RequestKind.SnapshotClassChange
                ? "A snapshot class belongs to the cluster, not to a tenant." : "A snapshot request belongs to a tenant.");
        return new(tenantId, clusterId, @namespace, kind, JsonSerializer.Serialize(p), requestedById, requestedByName, reason, now);
    }

    /// <summary>Moving (or rolling back) one application of a migration wave: tenant and namespace are the
    /// application's on the source cluster. The wave's approval stands for the request's.</summary>
    public static OperationRequest ForMigration(RequestKind kind, Guid tenantId, Guid sourceClusterId, string sourceNamespace,
        MigrationRequestParameters p, string requestedById, string requestedByName, string? reason, DateTimeOffset now)
    {
        if (!kind.IsMigrationKind()) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a migration request.");
        return new(tenantId, sourceClusterId, sourceNamespace, kind, JsonSerializer.Serialize(p), requestedById, requestedByName, reason, now);
    }

    /// <summary>The request's parameters as <typeparamref name="T"/> (the type its kind carries).</summary>
    public T ParametersAs<T>() where T : class =>
        JsonSerializer.Deserialize<T>(ParametersJson) ?? throw new InvalidOperationException($"Request {Id} has no parameters.");

    /// <summary>The registered database a database request is about (the database page lists its requests); null for other kinds.</summary>
    public Guid? DatabaseId { get; private set; }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    /// <summary>The tenant's namespace the request is about (for a restore: the backed-up namespace).</summary>
    public string Namespace { get; private set; }
    public RequestKind Kind { get; private set; }
    public string ParametersJson { get; private set; }
    public string RequestedById { get; private set; }
    public string RequestedByName { get; private set; }
    public string? Reason { get; private set; }
    /// <summary>What was asked, hashed (<see cref="RequestSubmissionKey.Fingerprint"/>): an identical ask within the
    /// duplicate window is refused. Null on requests stored before it existed.</summary>
    public string? SubmissionFingerprint { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public RequestStatus Status { get; private set; } = RequestStatus.Draft;

    /// <summary>Optimistic concurrency: every save moves it, so two writers cannot both win.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    [System.Text.Json.Serialization.JsonIgnore]
    public BackupParameters BackupParameters => Kind == RequestKind.NamespaceBackup
        ? JsonSerializer.Deserialize<BackupParameters>(ParametersJson)!
        : throw new InvalidOperationException("Not a backup request.");

    [System.Text.Json.Serialization.JsonIgnore]
    public RestoreParameters RestoreParameters => Kind == RequestKind.NamespaceRestore
        ? JsonSerializer.Deserialize<RestoreParameters>(ParametersJson)!
        : throw new InvalidOperationException("Not a restore request.");

    /// <summary>The namespace the request writes to: the target of a restore, else its own namespace.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string TargetNamespace => Kind == RequestKind.NamespaceRestore ? RestoreParameters.TargetNamespace : Namespace;

    /// <summary>Short, human-friendly reference shown in lists and timelines.</summary>
    public string Reference => ReferenceOf(Id);

    /// <summary>The last eight hex digits: ids are version-7 GUIDs, whose first digits are a timestamp shared by
    /// every request of the same minute.</summary>
    public static string ReferenceOf(Guid id) => id.ToString("N")[^8..];

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
