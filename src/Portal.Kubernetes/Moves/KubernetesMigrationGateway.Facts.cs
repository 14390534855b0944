using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Moves.Preflight;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Moves;

public sealed partial class KubernetesMigrationGateway
{
    private const string DefaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";
    private const string DefaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class";
    private const string VeleroSnapshotClassLabel = "velero.io/csi-volumesnapshot-class";

    public async Task<TargetClusterFacts> ReadFactsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        // Discovery first and always fresh: the facts decide whether a migration may start.
        _discovery.Forget(cluster);
        var served = await _discovery.GetAsync(cluster, ct).ConfigureAwait(false);

        var namespaces = OptionalListAsync(cluster, served, "", "Namespace", null, ct);
        var storageClasses = OptionalListAsync(cluster, served, "storage.k8s.io", "StorageClass", null, ct);
        var ingressClasses = OptionalListAsync(cluster, served, "networking.k8s.io", "IngressClass", null, ct);
        var crds = OptionalListAsync(cluster, served, "apiextensions.k8s.io", "CustomResourceDefinition", null, ct);
        var locations = OptionalListAsync(cluster, served, VeleroApi.Group, "BackupStorageLocation", veleroNamespace, ct);
        var snapshotClasses = OptionalListAsync(cluster, served, VeleroApi.CsiSnapshotGroup, "VolumeSnapshotClass", null, ct);
        var services = OptionalListAsync(cluster, served, "", "Service", null, ct, forbiddenIsEmpty: true);
        await Task.WhenAll(namespaces, storageClasses, ingressClasses, crds, locations, snapshotClasses, services).ConfigureAwait(false);

        return new TargetClusterFacts
        {
            Namespaces = (await namespaces.ConfigureAwait(false)).Select(n => new NamespaceFact(Name(n), null)).ToList(),
            StorageClasses = (await storageClasses.ConfigureAwait(false))
                .Select(s => new StorageClassFact(Name(s), Text(s["provisioner"]) ?? "", IsTrue(s["metadata"]?["annotations"]?[DefaultStorageClassAnnotation])))
                .ToList(),
            IngressClasses = (await ingressClasses.ConfigureAwait(false))
                .Select(i => new IngressClassFact(Name(i), Text(i["spec"]?["controller"]), IsTrue(i["metadata"]?["annotations"]?[DefaultIngressClassAnnotation])))
                .ToList(),
            ServedApis = served.GroupVersions
                .Select(gv => new ServedApiVersion(gv, served.Resources.Where(r => r.ApiVersion == gv).Select(r => r.Kind).Distinct().ToList()))
                .ToList(),
            CustomResources = (await crds.ConfigureAwait(false)).Select(CustomResource).OfType<ServedCustomResource>().ToList(),
            BackupLocations = (await locations.ConfigureAwait(false)).Select(BackupLocation).ToList(),
            VolumeSnapshotClasses = (await snapshotClasses.ConfigureAwait(false))
                .Select(c => new SnapshotClassFact(Name(c), Text(c["driver"]) ?? "", IsTrue(c["metadata"]?["labels"]?[VeleroSnapshotClassLabel])))
                .ToList(),
            LoadBalancerEvidence = LoadBalancerEvidence(await services.ConfigureAwait(false), served),
        };
    }

    /// <summary>The objects of a kind at its group's preferred version; none when the group is not served (Velero, CSI
    /// snapshots or a CRD API not installed) or its list answers 404.</summary>
    private async Task<List<JsonObject>> OptionalListAsync(ClusterConnection cluster, ServedResources served, string group, string kind,
        string? @namespace, CancellationToken ct, bool forbiddenIsEmpty = false)
    {
        if (served.FindPreferred(group, kind) is not { } resource)
        {
            return [];
        }

        try
        {
            var items = await ListAsync(cluster, resource, resource.Namespaced ? @namespace : null, null, ct).ConfigureAwait(false);
            return items.OrderBy(Name, StringComparer.Ordinal).ToList();
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound || (forbiddenIsEmpty && e.Fault == ClusterFault.Forbidden))
        {
            return [];
        }
    }

    /// <summary>Signs of a LoadBalancer implementation: Services of that type with an address, MetalLB's or Cilium's address pools.</summary>
    private static List<string> LoadBalancerEvidence(List<JsonObject> services, ServedResources served)
    {
        var evidence = services
            .Where(s => Text(s["spec"]?["type"]) == "LoadBalancer" && s["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 })
            .Take(3)
            .Select(s => $"Service {Text(s["metadata"]?["namespace"])}/{Name(s)} has a LoadBalancer address")
            .ToList();
        if (served.FindPreferred("metallb.io", "IPAddressPool") is not null) evidence.Add("MetalLB address pools are served");
        if (served.FindPreferred("cilium.io", "CiliumLoadBalancerIPPool") is not null) evidence.Add("Cilium load-balancer IP pools are served");
        return evidence;
    }

    private static ServedCustomResource? CustomResource(JsonObject crd)
    {
        var spec = crd["spec"];
        var group = Text(spec?["group"]);
        var kind = Text(spec?["names"]?["kind"]);
        if (group is null || kind is null)
        {
            return null;
        }

        var versions = (spec?["versions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(v => v["served"] is not JsonValue served || !served.TryGetValue<bool>(out var s) || s)
            .Select(v => Text(v["name"]))
            .OfType<string>()
            .ToList();
        return new ServedCustomResource(group, kind, versions);
    }

    private static BackupLocationFact BackupLocation(JsonObject bsl)
    {
        var spec = bsl["spec"];
        return new BackupLocationFact(
            Name(bsl),
            Text(spec?["provider"]) ?? "",
            Text(spec?["objectStorage"]?["bucket"]) ?? "",
            Text(spec?["objectStorage"]?["prefix"]),
            Text(bsl["status"]?["phase"]),
            Text(spec?["accessMode"]),
            Text(spec?["config"]?["s3Url"]));
    }

    private static string Name(JsonObject obj) => Text(obj["metadata"]?["name"]) ?? "";

    /// <summary>"true" as Kubernetes writes it in annotations and labels (a string), or a JSON true.</summary>
    private static bool IsTrue(JsonNode? value) => value is JsonValue v
        && ((v.TryGetValue<string>(out var s) && string.Equals(s, "true", StringComparison.OrdinalIgnoreCase))
            || (v.TryGetValue<bool>(out var b) && b));
}
