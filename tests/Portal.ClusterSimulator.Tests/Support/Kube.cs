using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>The official KubernetesClient on a simulator's kubeconfig, plus the few objects the workload and GitOps tests send.</summary>
internal static class Kube
{
    public static Kubernetes Connect(SimulatedCluster cluster)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(cluster.Kubeconfig));
        return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    public static V1Deployment Deployment(string name, int replicas, string? claim = null)
    {
        var spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = "ghcr.io/acme/" + name + ":1.0" }] };
        if (claim is not null)
        {
            spec.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }];
        }
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = spec,
                },
            },
        };
    }

    public static V1PersistentVolumeClaim Claim(string name, string? storageClass, string size = "1Gi") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity(size) } },
        },
    };

    public static async Task CreateNamespaceAsync(Kubernetes client, string name) =>
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    public static V1DeploymentCondition? Condition(V1Deployment d, string type) => d.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>A custom object read through CustomObjects, as JSON.</summary>
    public static async Task<JsonNode?> GetCustomAsync(Kubernetes client, string group, string version, string ns, string plural, string name) =>
        JsonNode.Parse(((JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name)).GetRawText());

    public static async Task<JsonNode?> MergePatchCustomAsync(Kubernetes client, string group, string version, string ns, string plural, string name, string patch) =>
        JsonNode.Parse(((JsonElement)await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), group, version, ns, plural, name)).GetRawText());
}
