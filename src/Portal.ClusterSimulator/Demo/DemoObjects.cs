using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Demo;

/// <summary>Factories for the demo's built-in objects, shaped like what a real cluster returns.</summary>
internal static class DemoObjects
{
    public static JsonObject Namespace(string name, Dictionary<string, string> labels) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Map(labels) },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };

    public static JsonObject StorageClass(string name, string provisioner, bool isDefault, IReadOnlyDictionary<string, string> parameters)
    {
        var meta = new JsonObject { ["name"] = name };
        if (isDefault) meta["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" };
        return new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = meta,
            ["provisioner"] = provisioner,
            ["parameters"] = Map(parameters),
            ["reclaimPolicy"] = "Delete",
            ["volumeBindingMode"] = "WaitForFirstConsumer",
            ["allowVolumeExpansion"] = true,
        };
    }

    public static JsonObject Deployment(string ns, string name, string image, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = image,
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
                    }),
                },
            },
        },
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["replicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["updatedReplicas"] = replicas,
        },
    };

    public static JsonObject Service(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = $"10.96.{Random.Shared.Next(1, 254)}.{Random.Shared.Next(1, 254)}",
            ["selector"] = new JsonObject { ["app"] = name },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" }),
        },
    };

    public static JsonObject ConfigMap(string ns, string name, Dictionary<string, string> data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = Map(data),
    };

    public static JsonObject Secret(string ns, string name, Dictionary<string, string> data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["type"] = "Opaque",
        ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kv.Value))))),
    };

    public static JsonObject ServiceAccount(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ServiceAccount",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
    };

    public static JsonObject BoundClaim(string ns, string name, string size, string storageClass) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["storageClassName"] = storageClass,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
            ["volumeName"] = $"pvc-{Guid.NewGuid()}",
            ["volumeMode"] = "Filesystem",
        },
        ["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["capacity"] = new JsonObject { ["storage"] = size },
        },
    };

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
}
