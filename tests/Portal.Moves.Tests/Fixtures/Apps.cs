using System.Text.Json.Nodes;
using Portal.Moves.Tests.Support;

namespace Portal.Moves.Tests.Fixtures;

/// <summary>Small applications for classification: builders of the objects as a server returns them.</summary>
public static class Apps
{
    public static JsonObject Deployment(string name, string image, string? claim = null, JsonObject? labels = null, JsonObject? annotations = null, string? initImage = null)
    {
        var obj = Json.Parse($$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "{{name}}", "namespace": "app", "uid": "u-{{name}}" },
              "spec": { "selector": { "matchLabels": { "app": "{{name}}" } },
                "template": { "metadata": { "labels": { "app": "{{name}}" } }, "spec": { "containers": [ { "name": "main", "image": "{{image}}" } ] } } }
            }
            """);
        var spec = obj["spec"]!["template"]!["spec"]!.AsObject();
        if (claim is not null) spec["volumes"] = JsonNode.Parse($$"""[ { "name": "data", "persistentVolumeClaim": { "claimName": "{{claim}}" } } ]""");
        if (initImage is not null) spec["initContainers"] = JsonNode.Parse($$"""[ { "name": "wait", "image": "{{initImage}}" } ]""");
        return Mark(obj, labels, annotations);
    }

    public static JsonObject StatefulSet(string name, string image, string storageClass = "fast-ssd", JsonObject? labels = null)
    {
        var obj = Json.Parse($$"""
            {
              "apiVersion": "apps/v1", "kind": "StatefulSet",
              "metadata": { "name": "{{name}}", "namespace": "app" },
              "spec": { "serviceName": "{{name}}", "selector": { "matchLabels": { "app": "{{name}}" } },
                "template": { "metadata": { "labels": { "app": "{{name}}" } }, "spec": { "containers": [ { "name": "main", "image": "{{image}}" } ] } },
                "volumeClaimTemplates": [ { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "data" },
                  "spec": { "accessModes": [ "ReadWriteOnce" ], "storageClassName": "{{storageClass}}", "resources": { "requests": { "storage": "10Gi" } } } } ] }
            }
            """);
        return Mark(obj, labels, null);
    }

    public static JsonObject Claim(string name, string storageClass, JsonObject? labels = null, string? ownerKind = null, string? ownerName = null)
    {
        var obj = Json.Parse($$"""
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "{{name}}", "namespace": "app" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "storageClassName": "{{storageClass}}", "resources": { "requests": { "storage": "5Gi" } }, "volumeName": "pvc-{{name}}" } }
            """);
        if (ownerKind is not null)
            obj["metadata"]!["ownerReferences"] = JsonNode.Parse($$"""[ { "apiVersion": "postgresql.cnpg.io/v1", "kind": "{{ownerKind}}", "name": "{{ownerName}}", "uid": "x", "controller": true } ]""");
        return Mark(obj, labels, null);
    }

    public static JsonObject Service(string name, JsonObject? labels = null, JsonObject? annotations = null) =>
        Mark(Json.Parse($$"""{ "apiVersion": "v1", "kind": "Service", "metadata": { "name": "{{name}}", "namespace": "app" }, "spec": { "selector": { "app": "{{name}}" }, "ports": [ { "port": 80 } ] } }"""), labels, annotations);

    public static JsonObject Secret(string name, JsonObject? labels = null) =>
        Mark(Json.Parse($$"""{ "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "{{name}}", "namespace": "app" }, "type": "Opaque", "data": { "k": "dg==" } }"""), labels, null);

    public static JsonObject CnpgCluster(string name, JsonObject? labels = null) =>
        Mark(Json.Parse($$"""{ "apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": { "name": "{{name}}", "namespace": "app" }, "spec": { "instances": 3, "storage": { "size": "20Gi", "storageClass": "fast-ssd" } } }"""), labels, null);

    public static JsonObject DefaultServiceAccount() =>
        Json.Parse("""{ "apiVersion": "v1", "kind": "ServiceAccount", "metadata": { "name": "default", "namespace": "app" } }""");

    public static JsonObject ArgoLabel(string app) => new() { ["app.kubernetes.io/instance"] = app };

    public static JsonObject ArgoTracking(string id) => new() { ["argocd.argoproj.io/tracking-id"] = id };

    public static JsonObject FluxKustomization(string name, string ns) => new()
    {
        ["kustomize.toolkit.fluxcd.io/name"] = name, ["kustomize.toolkit.fluxcd.io/namespace"] = ns,
    };

    private static JsonObject Mark(JsonObject obj, JsonObject? labels, JsonObject? annotations)
    {
        if (labels is not null) obj["metadata"]!["labels"] = labels.DeepClone();
        if (annotations is not null) obj["metadata"]!["annotations"] = annotations.DeepClone();
        return obj;
    }
}
