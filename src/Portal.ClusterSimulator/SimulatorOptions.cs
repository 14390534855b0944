namespace Portal.ClusterSimulator;

/// <summary>How to start a <see cref="SimulatedCluster"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Names the cluster, user and context in the kubeconfig (and varies one demo namespace).</summary>
    public string ClusterName { get; set; } = "sim";

    /// <summary>HTTPS port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = 0;

    /// <summary>Extra CRD YAML files (searched recursively), e.g. ../shared/crds. They replace built-in schemas.</summary>
    public string? CrdDirectory { get; set; }

    /// <summary>Seeds the demo namespaces, Velero install, storage classes and pre-existing scheduled backups.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Time between two steps of the simulated Velero controller (tests use 50-100 ms).</summary>
    public TimeSpan PhaseStepDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bearer token clients must present; null generates a random one.</summary>
    public string? Token { get; set; }

    /// <summary>Writes one line per request ("GET /api/v1/namespaces -> 200") to standard output; for the command line.</summary>
    public bool LogRequests { get; set; }

    /// <summary>How often a watch that allows bookmarks receives a BOOKMARK event.</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cluster's clock (timestamps, cron schedules of CronJobs, Velero and CloudNativePG schedules, Job deadlines);
    /// null = the system clock. Tests pass a FakeTimeProvider to run schedules without waiting. The controller still
    /// steps every <see cref="PhaseStepDelay"/> of real time.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// StorageClasses this cluster has (created at start, demo data or not); null = the demo site's set when
    /// <see cref="SeedDemoData"/> (Primary: <c>standard</c> default and <c>fast-ssd</c>; Recovery: <c>standard</c> default and
    /// <c>premium-ssd</c>), none otherwise. PVCs bind only when their class exists here.
    /// </summary>
    public IReadOnlyList<SimulatedStorageClass>? StorageClasses { get; set; }

    /// <summary>IngressClasses (networking.k8s.io/v1) this cluster has; null = the demo site's set (<c>nginx</c> default, plus <c>alb</c> on the primary) with demo data, none without.</summary>
    public IReadOnlyList<SimulatedIngressClass>? IngressClasses { get; set; }

    /// <summary>VolumeSnapshotClasses this cluster has; null = the demo's <c>csi-aws-vsc</c> (labelled for Velero) with demo data, none without.</summary>
    public IReadOnlyList<SimulatedSnapshotClass>? VolumeSnapshotClasses { get; set; }

    /// <summary>
    /// Whether the cluster serves CSI group snapshots (<c>groupsnapshot.storage.k8s.io</c>: VolumeGroupSnapshot,
    /// VolumeGroupSnapshotContent, VolumeGroupSnapshotClass). Null = the demo's choice: on for the Primary site with demo
    /// data, off otherwise. Off, the group is gone from discovery, openapi and routing as if its CRDs were not installed.
    /// </summary>
    public bool? GroupSnapshots { get; set; }

    /// <summary>VolumeGroupSnapshotClasses this cluster has (only when it serves group snapshots); null = the demo's
    /// <c>csi-aws-vgsc</c> for <c>ebs.csi.aws.com</c> with demo data, none without.</summary>
    public IReadOnlyList<SimulatedGroupSnapshotClass>? VolumeGroupSnapshotClasses { get; set; }

    /// <summary>
    /// How long a CSI snapshot takes from being cut (its content's <c>creationTime</c>) to <c>readyToUse: true</c>, on
    /// the cluster's clock. Zero (the default) = ready at the next controller step after it was cut, so
    /// <c>readyToUse: false</c> is still seen first. Faults can make one namespace slower, never ready or failing.
    /// </summary>
    public TimeSpan SnapshotReadyDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// APIs this cluster does not serve, each a group (<c>argoproj.io</c>), a group/version (<c>snapshot.storage.k8s.io/v1</c>)
    /// or a CRD name, plural.group (<c>kustomizations.kustomize.toolkit.fluxcd.io</c>). They are gone from discovery and
    /// openapi, their paths answer 404 and the demo seed leaves out what would use them (like a cluster without that CRD).
    /// The core group (v1) cannot be removed.
    /// </summary>
    public IReadOnlyList<string> UnservedApis { get; set; } = [];

    /// <summary>
    /// Removed Kubernetes API versions this cluster still serves, as an older cluster would (objects are shared with the
    /// current version, no conversion): <c>batch/v1beta1</c> (CronJob), <c>networking.k8s.io/v1beta1</c> (Ingress,
    /// IngressClass), <c>policy/v1beta1</c> (PodDisruptionBudget). Anything else is refused at start.
    /// </summary>
    public IReadOnlyList<string> LegacyApiVersions { get; set; } = [];

    /// <summary>
    /// Which demo cluster <see cref="SeedDemoData"/> builds: <see cref="DemoSite.Primary"/> (production: the apps of the
    /// migration demo) or <see cref="DemoSite.Recovery"/> (the DR site). Null = from the name: a name with a "dr" part
    /// (<c>dr-west</c>) is the Recovery site, anything else the Primary.
    /// </summary>
    public DemoSite? DemoSite { get; set; }

    /// <summary>
    /// The object storage behind Velero's storage locations; null = this cluster's own. Give several clusters the same
    /// instance and a backup completed on one is synced to the others whose locations read that bucket and prefix
    /// (the demo's DR site has a read-only location on the primary's bucket).
    /// </summary>
    public SimulatedObjectStorage? ObjectStorage { get; set; }
}
