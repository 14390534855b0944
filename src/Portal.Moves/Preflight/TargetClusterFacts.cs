namespace Portal.Moves.Preflight;

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
/// (<c>Available</c>/<c>Unavailable</c>) and access mode (<c>ReadWrite</c>/<c>ReadOnly</c>, null = ReadWrite), and the
/// object storage's address when the location names one (<c>spec.config.s3Url</c>; null = the provider's own).</summary>
public sealed record BackupLocationFact(string Name, string Provider, string Bucket, string? Prefix, string? Phase, string? AccessMode = null,
    string? Url = null)
{
    public bool IsAvailable => Phase == "Available";

    public bool IsReadOnly => AccessMode == "ReadOnly";

    /// <summary>True when both point at the same place (provider, bucket and prefix, ignoring surrounding '/').</summary>
    public bool SamePlaceAs(BackupLocationFact other) =>
        Provider == other.Provider && Bucket == other.Bucket && (Prefix ?? "").Trim('/') == (other.Prefix ?? "").Trim('/');

    /// <summary>The address only means something inside one cluster (<c>*.svc</c>, <c>*.cluster.local</c>, localhost, a
    /// loopback address or a name without a dot): two clusters with the same bucket there each reach their own store.</summary>
    public bool IsClusterLocal => ClusterLocalHost(Url) is not null;

    /// <summary>The cluster-local host of <paramref name="url"/>, or null when it names one both clusters may reach.</summary>
    public static string? ClusterLocalHost(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var text = url.Contains("://", StringComparison.Ordinal) ? url.Trim() : "http://" + url.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return null;
        var host = uri.Host.TrimEnd('.').ToLowerInvariant();
        if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return System.Net.IPAddress.IsLoopback(ip) ? host : null;
        var local = host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)
            || host.EndsWith(".svc", StringComparison.Ordinal) || host.EndsWith(".cluster.local", StringComparison.Ordinal)
            || !host.Contains('.', StringComparison.Ordinal);
        return local ? host : null;
    }

    /// <summary>Both point at the same place and at an address both clusters can reach.</summary>
    public bool SharedWith(BackupLocationFact other) => SamePlaceAs(other) && !IsClusterLocal && !other.IsClusterLocal;

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

    /// <summary>Signs that the cluster hands out LoadBalancer addresses (a LoadBalancer Service that has one, or a
    /// MetalLB / Cilium address pool API); empty when none was seen. A cloud's load balancer leaves no sign until a
    /// Service uses it, so an empty list means "not evident", not "absent".</summary>
    public IReadOnlyList<string> LoadBalancerEvidence { get; init; } = [];
}
