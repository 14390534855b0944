namespace Portal.ClusterSimulator.Demo;

/// <summary>
/// What differs between the demo's production cluster and its DR site: storage class names (so a migration needs a
/// mapping: prod-east <c>fast-ssd</c> is dr-west <c>premium-ssd</c>), ingress classes, and the bucket the DR site reads.
/// </summary>
internal static class DemoSites
{
    /// <summary>The demo's production cluster: the DR site reads its Velero bucket.</summary>
    public const string PrimaryClusterName = "prod-east";

    public static DemoSite Of(SimulatorOptions options) =>
        options.DemoSite ?? (options.ClusterName.ToLowerInvariant().Split('-', '_', '.').Contains("dr") ? DemoSite.Recovery : DemoSite.Primary);

    public static IReadOnlyList<SimulatedStorageClass> StorageClasses(DemoSite site) =>
    [
        new("standard", "ebs.csi.aws.com", IsDefault: true, new Dictionary<string, string> { ["type"] = "gp3" }),
        site == DemoSite.Recovery
            ? new("premium-ssd", "ebs.csi.aws.com", Parameters: new Dictionary<string, string> { ["type"] = "io2", ["iopsPerGB"] = "50" })
            : new("fast-ssd", "ebs.csi.aws.com", Parameters: new Dictionary<string, string> { ["type"] = "io2", ["iopsPerGB"] = "50" }),
        // a driver with no VolumeSnapshotClass: its claims cannot be snapshotted
        new("shared-files", "efs.csi.aws.com", Parameters: new Dictionary<string, string> { ["provisioningMode"] = "efs-ap" }),
    ];

    public static IReadOnlyList<SimulatedIngressClass> IngressClasses(DemoSite site) => site == DemoSite.Recovery
        ? [new("nginx", "k8s.io/ingress-nginx", IsDefault: true)]
        : [new("nginx", "k8s.io/ingress-nginx", IsDefault: true), new("alb", "ingress.k8s.aws/alb")];

    /// <summary>Two classes for the EBS driver: <c>csi-aws-vsc</c> (Retain, Velero's, the default) and <c>csi-aws-vsc-delete</c>
    /// (Delete); none for EFS (<c>shared-files</c>).</summary>
    public static IReadOnlyList<SimulatedSnapshotClass> SnapshotClasses() =>
    [
        new("csi-aws-vsc", "ebs.csi.aws.com", ForVelero: true, DeletionPolicy: "Retain", IsDefault: true),
        new("csi-aws-vsc-delete", "ebs.csi.aws.com", ForVelero: false, DeletionPolicy: "Delete"),
    ];

    /// <summary>The group snapshot class of the site that serves group snapshots (the Primary, <see cref="Resources.ServedApis.GroupSnapshotsEnabled"/>).</summary>
    public static IReadOnlyList<SimulatedGroupSnapshotClass> GroupSnapshotClasses() => [new("csi-aws-vgsc", "ebs.csi.aws.com")];

    /// <summary>The class a demo volume gets on this site (the DR site calls the fast class premium-ssd).</summary>
    public static string StorageClass(DemoSite site, string primaryClass) =>
        site == DemoSite.Recovery && primaryClass == "fast-ssd" ? "premium-ssd" : primaryClass;
}
