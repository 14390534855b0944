namespace Portal.Migrations.Preflight;

/// <summary>A namespace on the target and the tenant that owns it (null when the portal does not know).</summary>
public sealed record NamespaceFact(string Name, string? OwnerTenant);

/// <summary>A StorageClass: its name, provisioner (the CSI driver) and whether it is the cluster default.</summary>
public sealed record StorageClassFact(string Name, string Provisioner, bool IsDefault = false);

/// <summary>An IngressClass: its name, controller and whether it is the cluster default.</summary>
public sealed record IngressClassFact(string Name, string? Controller = null, bool IsDefault = false);

/// <summary>A group/version the API server serves (discovery), with the kinds it serves there; an empty list of
/// kinds means "not known", and any kind is taken as served.</summary>
public sealed record ServedApiVersion(string ApiVersion, IReadOnlyList<string> Kinds);

/// <summary>A CustomResourceDefinition on the target: group, kind and the versions it serves.</summary>
public sealed record ServedCustomResource(string Group, string Kind, IReadOnlyList<string> Versions);

/// <summary>A Velero BackupStorageLocation: where it points (provider, bucket, prefix), its phase
/// (<c>Available</c>/<c>Unavailable</c>) and access mode (<c>ReadWrite</c>/<c>ReadOnly</c>, null = ReadWrite).</summary>
public sealed record BackupLocationFact(string Name, string Provider, string Bucket, string? Prefix, string? Phase, string? AccessMode = null)
{
    public bool IsAvailable => Phase == "Available";

    public bool IsReadOnly => AccessMode == "ReadOnly";

    /// <summary>True when both point at the same place (provider, bucket and prefix, ignoring surrounding '/').</summary>
    public bool SamePlaceAs(BackupLocationFact other) =>
        Provider == other.Provider && Bucket == other.Bucket && (Prefix ?? "").Trim('/') == (other.Prefix ?? "").Trim('/');

    public override string ToString() => $"\"{Name}\" ({Provider} {Bucket}{(string.IsNullOrEmpty(Prefix) ? "" : "/" + Prefix.Trim('/'))})";
}

/// <summary>A VolumeSnapshotClass: its driver and whether it carries Velero's label
/// <c>velero.io/csi-volumesnapshot-class: "true"</c>.</summary>
public sealed record SnapshotClassFact(string Name, string Driver, bool IsVeleroClass = false);

/// <summary>
/// What the preflight knows about the target cluster, read by the portal before the check: namespaces and their
/// tenants, storage and ingress classes, discovery (served group/versions) and CRDs, Velero backup storage
/// locations (on the target and, to compare, on the source) and VolumeSnapshotClasses.
/// </summary>
public sealed record TargetClusterFacts
{
    public IReadOnlyList<NamespaceFact> Namespaces { get; init; } = [];

    public IReadOnlyList<StorageClassFact> StorageClasses { get; init; } = [];

    public IReadOnlyList<IngressClassFact> IngressClasses { get; init; } = [];

    public IReadOnlyList<ServedApiVersion> ServedApis { get; init; } = [];

    public IReadOnlyList<ServedCustomResource> CustomResources { get; init; } = [];

    /// <summary>The target's backup storage locations.</summary>
    public IReadOnlyList<BackupLocationFact> BackupLocations { get; init; } = [];

    /// <summary>The source's backup storage locations, to find one both clusters share.</summary>
    public IReadOnlyList<BackupLocationFact> SourceBackupLocations { get; init; } = [];

    public IReadOnlyList<SnapshotClassFact> VolumeSnapshotClasses { get; init; } = [];
}
