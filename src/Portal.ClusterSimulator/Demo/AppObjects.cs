using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Demo;

/// <summary>Factories for the objects of the migration demo's apps (StatefulSets, Ingresses, claims mounted by pods, ...).</summary>
internal static class AppObjects
{
    public static JsonObject StatefulSet(string ns, string name, string image, int replicas, string claimTemplate, string size, string storageClass)
    {
        var set = DemoObjects.Deployment(ns, name, image, replicas);
        set["kind"] = "StatefulSet";
        var spec = (JsonObject)set["spec"]!;
        spec["serviceName"] = name;
        spec["volumeClaimTemplates"] = new JsonArray(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = claimTemplate },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray("ReadWriteOnce"),
                ["storageClassName"] = storageClass,
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
            },
        });
        Container(set)["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = claimTemplate, ["mountPath"] = "/var/lib/" + name });
        set["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = replicas, ["readyReplicas"] = replicas };
        return set;
    }

    /// <summary>A Deployment mounting an existing claim.</summary>
    public static JsonObject WithClaim(JsonObject deployment, string claim, string mountPath)
    {
        ((JsonObject)deployment["spec"]!["template"]!["spec"]!)["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = claim,
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim },
        });
        Container(deployment)["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = claim, ["mountPath"] = mountPath });
        return deployment;
    }

    public static JsonObject HeadlessService(string ns, string name)
    {
        var service = DemoObjects.Service(ns, name);
        service["spec"]!["clusterIP"] = "None";
        return service;
    }

    public static JsonObject Ingress(string ns, string name, string ingressClass, string host, string service) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "Ingress",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = service } },
        ["spec"] = new JsonObject
        {
            ["ingressClassName"] = ingressClass,
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = host,
                ["http"] = new JsonObject
                {
                    ["paths"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "/",
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject
                        {
                            ["service"] = new JsonObject { ["name"] = service, ["port"] = new JsonObject { ["number"] = 80 } },
                        },
                    }),
                },
            }),
            ["tls"] = new JsonArray(new JsonObject { ["hosts"] = new JsonArray(host), ["secretName"] = name + "-tls" }),
        },
    };

    public static JsonObject PodDisruptionBudget(string ns, string name, int minAvailable) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["minAvailable"] = minAvailable,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
        },
    };

    public static JsonObject Claim(string ns, string name, string size, string? storageClass)
    {
        var spec = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
        };
        if (storageClass is not null) spec["storageClassName"] = storageClass;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    /// <summary>Adds labels (and annotations) to an object's metadata.</summary>
    public static JsonObject Mark(JsonObject obj, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var meta = obj.Metadata();
        var l = meta["labels"] as JsonObject ?? new JsonObject();
        foreach (var (k, v) in labels) l[k] = v;
        meta["labels"] = l;
        if (annotations is null) return obj;
        var a = meta["annotations"] as JsonObject ?? new JsonObject();
        foreach (var (k, v) in annotations) a[k] = v;
        meta["annotations"] = a;
        return obj;
    }

    private static JsonObject Container(JsonObject workload) => workload["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
}
