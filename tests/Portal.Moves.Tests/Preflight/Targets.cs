using System.Text.Json.Nodes;
using Portal.Moves.Preflight;
using Portal.Moves.Tests.Transform;

namespace Portal.Moves.Tests.Preflight;

/// <summary>A target on which the transformed shop passes every rule, and the source's storage classes.</summary>
public static class Targets
{
    public static readonly IReadOnlyDictionary<string, string> SourceClasses = new Dictionary<string, string>
    {
        ["fast-ssd"] = "ebs.csi.aws.com",
        ["standard"] = "ebs.csi.aws.com",
        ["nfs"] = "nfs.csi.k8s.io",
    };

    public static TargetClusterFacts Ready() => new()
    {
        Namespaces = [new NamespaceFact("kube-system", null), new NamespaceFact("payments", "finance")],
        StorageClasses = [new StorageClassFact("premium-rwo", "ebs.csi.aws.com"), new StorageClassFact("standard-rwo", "ebs.csi.aws.com", IsDefault: true)],
        IngressClasses = [new IngressClassFact("nginx", "k8s.io/ingress-nginx", IsDefault: true)],
        ServedApis =
        [
            new ServedApiVersion("v1", []),
            new ServedApiVersion("apps/v1", ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"]),
            new ServedApiVersion("batch/v1", ["Job", "CronJob"]),
            new ServedApiVersion("networking.k8s.io/v1", ["Ingress", "IngressClass", "NetworkPolicy"]),
            new ServedApiVersion("rbac.authorization.k8s.io/v1", []),
            new ServedApiVersion("policy/v1", ["PodDisruptionBudget"]),
            new ServedApiVersion("autoscaling/v2", ["HorizontalPodAutoscaler"]),
            new ServedApiVersion("autoscaling/v1", ["HorizontalPodAutoscaler"]),
        ],
        CustomResources = [new ServedCustomResource("postgresql.cnpg.io", "Cluster", ["v1"])],
        SourceBackupLocations = [new BackupLocationFact("default", "aws", "velero-backups", "prod-east", "Available")],
        BackupLocations = [new BackupLocationFact("from-prod-east", "aws", "velero-backups", "/prod-east/", "Available", "ReadOnly")],
        LoadBalancerEvidence = ["Service ingress-nginx/ingress-nginx-controller has a LoadBalancer address"],
        VolumeSnapshotClasses = [new SnapshotClassFact("ebs-snapshots", "ebs.csi.aws.com", IsVeleroClass: true)],
    };

    public static IReadOnlyList<JsonObject> Shop() => TransformedShop.Result().Objects;
}
