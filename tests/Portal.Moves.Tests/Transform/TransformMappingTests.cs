using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Tests.Fixtures;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

/// <summary>The registry, storage class and namespace mappings in every place they apply, and bad mappings.</summary>
public sealed class TransformMappingTests
{
    private static readonly MigrationMappings Registries = new()
    {
        ImageRegistries = new Dictionary<string, string>
        {
            ["registry.old.example.com"] = "registry.new.example.com",
            ["registry.old.example.com/vendor"] = "mirror.example.com/vendor-copy",
            ["docker.io"] = "hub-mirror.example.com",
        },
    };

    private static JsonObject Workload(string apiVersion, string kind, string podSpecPath)
    {
        var podSpec = """
            { "containers": [ { "name": "app", "image": "registry.old.example.com/shop/app:1" } ],
              "initContainers": [ { "name": "init", "image": "registry.old.example.com/vendor/init@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" } ],
              "ephemeralContainers": [ { "name": "debug", "image": "busybox:1.36" } ] }
            """;
        var obj = Json.Parse($$"""{ "apiVersion": "{{apiVersion}}", "kind": "{{kind}}", "metadata": { "name": "x", "namespace": "shop" } }""");
        JsonObject node = obj;
        var parts = podSpecPath.Split('.');
        foreach (var part in parts[..^1])
        {
            var child = new JsonObject();
            node[part] = child;
            node = child;
        }
        node[parts[^1]] = JsonNode.Parse(podSpec);
        return obj;
    }

    public static TheoryData<string, string, string> Workloads => new()
    {
        { "apps/v1", "Deployment", "spec.template.spec" },
        { "apps/v1", "StatefulSet", "spec.template.spec" },
        { "apps/v1", "DaemonSet", "spec.template.spec" },
        { "apps/v1", "ReplicaSet", "spec.template.spec" },
        { "batch/v1", "Job", "spec.template.spec" },
        { "batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec" },
        { "v1", "PodTemplate", "template.spec" },
    };

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Transform_RegistryMap_AppliesToContainersInitAndEphemeralContainers(string apiVersion, string kind, string podSpecPath)
    {
        var result = ManifestTransformer.Transform([Workload(apiVersion, kind, podSpecPath)], Registries);

        JsonNode spec = result.Objects.Single();
        foreach (var part in podSpecPath.Split('.')) spec = spec[part]!;
        Assert.Equal("registry.new.example.com/shop/app:1", spec["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("mirror.example.com/vendor-copy/init@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", spec["initContainers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("hub-mirror.example.com/library/busybox:1.36", spec["ephemeralContainers"]![0]!["image"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("nginx:1.27", "hub-mirror.example.com/library/nginx:1.27")]
    [InlineData("bitnami/redis:7.4", "hub-mirror.example.com/bitnami/redis:7.4")]
    [InlineData("docker.io/bitnami/redis:7.4", "hub-mirror.example.com/bitnami/redis:7.4")]
    [InlineData("registry.old.example.com:5000/shop/app:1", null)]
    [InlineData("registry.old.example.com.evil.io/shop/app:1", null)]
    [InlineData("quay.io/prometheus/node-exporter:v1.8.2", null)]
    [InlineData("localhost/app:dev", null)]
    public void Map_Image_MatchesWholeRegistryPathPrefixesOnly(string image, string? expected) =>
        Assert.Equal(expected, ImageRegistryMapping.Map(image, Registries.ImageRegistries));

    [Fact]
    public void Transform_BarePod_MapsRegistryOfItsContainers()
    {
        var result = ManifestTransformer.Transform([ShopExport.Toolbox()], Registries);

        Assert.Equal("hub-mirror.example.com/library/busybox:1.36", result.Objects.Single()["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Transform_StorageClassMap_AppliesToClaimsTemplatesEphemeralVolumesAndLegacyAnnotation()
    {
        var legacy = Json.Parse("""{ "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "old", "namespace": "shop", "annotations": { "volume.beta.kubernetes.io/storage-class": "fast-ssd" } }, "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }""");
        var scratch = Workload("apps/v1", "Deployment", "spec.template.spec");
        scratch["spec"]!["template"]!["spec"]!["volumes"] = JsonNode.Parse("""[ { "name": "scratch", "ephemeral": { "volumeClaimTemplate": { "spec": { "accessModes": [ "ReadWriteOnce" ], "storageClassName": "fast-ssd", "resources": { "requests": { "storage": "5Gi" } } } } } } ]""");
        var mappings = new MigrationMappings { StorageClasses = new Dictionary<string, string> { ["fast-ssd"] = "premium-rwo" } };

        var result = ManifestTransformer.Transform([ShopExport.Db(), ShopExport.DataDb0(), legacy, scratch], mappings);

        Assert.Equal("premium-rwo", result.Find("StatefulSet", "db")["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.Equal("premium-rwo", result.Find("PersistentVolumeClaim", "data-db-0")["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.Equal("premium-rwo", result.Find("PersistentVolumeClaim", "old")["metadata"]!["annotations"]!["volume.beta.kubernetes.io/storage-class"]!.GetValue<string>());
        Assert.Equal("premium-rwo", result.Find("Deployment", "x")["spec"]!["template"]!["spec"]!["volumes"]![0]!["ephemeral"]!["volumeClaimTemplate"]!["spec"]!["storageClassName"]!.GetValue<string>());
    }

    [Fact]
    public void Transform_ClaimRestoredFromSnapshot_StartsEmptyOnTheTargetWithANote()
    {
        var claim = ShopExport.Uploads();
        claim["spec"]!["dataSource"] = JsonNode.Parse("""{ "apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "uploads-nightly" }""");
        claim["spec"]!["dataSourceRef"] = JsonNode.Parse("""{ "apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "uploads-nightly" }""");

        var result = ManifestTransformer.Transform([claim], MigrationMappings.None);

        var spec = result.Objects.Single()["spec"]!.AsObject();
        Assert.False(spec.ContainsKey("dataSource"));
        Assert.False(spec.ContainsKey("dataSourceRef"));
        Assert.Equal("PersistentVolumeClaim \"shop/uploads\": it was filled from VolumeSnapshot \"uploads-nightly\" on the source; on the target it starts empty and the playbook copies its data.", Assert.Single(result.Notes));
    }

    [Fact]
    public void Transform_PodMountingALegacyTokenSecret_LosesThatVolumeAndItsMounts()
    {
        var pod = ShopExport.Toolbox();
        pod["spec"]!["volumes"]!.AsArray().Add(JsonNode.Parse("""{ "name": "web-token-q8r2z", "secret": { "secretName": "web-token-q8r2z" } }"""));
        pod["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray().Add(JsonNode.Parse("""{ "name": "web-token-q8r2z", "mountPath": "/var/run/legacy" }"""));

        var result = ManifestTransformer.Transform([pod, ShopExport.TokenSecret()], MigrationMappings.None);

        var spec = result.Find("Pod", "toolbox")["spec"]!;
        Assert.DoesNotContain(spec["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "web-token-q8r2z");
        Assert.DoesNotContain(spec["containers"]![0]!["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "web-token-q8r2z");
    }

    [Fact]
    public void Transform_WithoutMappings_KeepsNamesAndImages()
    {
        var result = ManifestTransformer.Transform(ShopExport.All(), MigrationMappings.None);

        Assert.All(result.Objects.Where(o => o["kind"]!.GetValue<string>() != "Namespace"), o => Assert.Equal("shop", o["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.Equal("registry.old.example.com/shop/web:1.4.2", result.Find("Deployment", "web")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("fast-ssd", result.Find("PersistentVolumeClaim", "data-db-0")["spec"]!["storageClassName"]!.GetValue<string>());
    }

    [Fact]
    public void Transform_InputObjects_AreNotChanged()
    {
        var exported = ShopExport.All();
        var before = exported.Select(o => o.ToJsonString()).ToList();

        ManifestTransformer.Transform(exported, TransformedShop.Mappings);

        Assert.Equal(before, exported.Select(o => o.ToJsonString()));
    }

    [Fact]
    public void Transform_InvalidMappings_AreRefusedInWords()
    {
        var bad = new MigrationMappings
        {
            Namespaces = new Dictionary<string, string> { ["shop"] = "Store_Front", ["shop-2"] = "Store_Front" },
            StorageClasses = new Dictionary<string, string> { ["fast"] = "" },
            ImageRegistries = new Dictionary<string, string> { ["https://registry.old.example.com/"] = "registry.new.example.com" },
        };

        var problems = bad.Validate();
        var error = Assert.Throws<ArgumentException>(() => ManifestTransformer.Transform(ShopExport.All(), bad));

        Assert.Contains("The namespace name \"Store_Front\" is not valid: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.", problems);
        Assert.Contains("The namespaces \"shop\" and \"shop-2\" are all renamed to \"Store_Front\": give each its own namespace on the target.", problems);
        Assert.Contains("The storage class name \"\" is not valid: use lowercase letters, digits, '-' and '.', at most 253 characters.", problems);
        Assert.Contains("The registry \"https://registry.old.example.com/\" is not valid: write a host, optionally with a port and a path, such as registry.example.com:5000/team (no https://, no trailing '/', no tag).", problems);
        Assert.StartsWith("The namespace name \"Store_Front\" is not valid", error.Message);
    }
}
