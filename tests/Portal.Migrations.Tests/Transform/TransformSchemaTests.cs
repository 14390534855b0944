using System.Text.Json.Nodes;
using Portal.Migrations.Tests.Fixtures;
using Portal.Migrations.Tests.Support;
using Portal.Migrations.Transform;

namespace Portal.Migrations.Tests.Transform;

/// <summary>
/// Every transformed object validates strictly against the real Kubernetes OpenAPI schemas in shared/crds
/// (unknown fields are errors). core/v1 and batch/v1 kinds are checked in full; Deployments and StatefulSets
/// through the core/v1 types they embed (pod template, selector, claim templates); Ingress, Role, RoleBinding and
/// NetworkPolicy through their metadata only, since shared/crds has no apps/v1, networking.k8s.io/v1 or rbac/v1
/// document.
/// </summary>
public sealed class TransformSchemaTests
{
    public static TheoryData<string, string> TransformedObjects()
    {
        var data = new TheoryData<string, string>();
        foreach (var obj in TransformedShop.Result().Objects)
            data.Add(obj["kind"]!.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());
        return data;
    }

    [RealSchemaTheory]
    [MemberData(nameof(TransformedObjects))]
    public void Transform_EveryShopObject_ValidatesAgainstRealSchemas(string kind, string name)
    {
        var obj = TransformedShop.Result().Find(kind, name);

        var errors = KubernetesSchemas.Validate(obj);

        Assert.True(errors.Count == 0, $"{kind} {name}:\n" + string.Join("\n", errors));
    }

    [RealSchemaFact]
    public void Transform_CoreAndBatchKinds_AreCheckedInFull()
    {
        var kinds = TransformedShop.Result().Objects.Select(o => (o["apiVersion"]!.GetValue<string>(), o["kind"]!.GetValue<string>())).Distinct();

        var full = kinds.Where(k => KubernetesSchemas.HasFullSchema(k.Item1, k.Item2)).Select(k => k.Item2).Order(StringComparer.Ordinal);

        Assert.Equal(["ConfigMap", "CronJob", "Job", "Namespace", "PersistentVolumeClaim", "Pod", "Secret", "Service", "ServiceAccount"], full);
    }

    [RealSchemaFact]
    public void Validate_ExportAsReturnedByTheServer_IsRefusedForTheFieldsTheTransformStrips()
    {
        var service = ShopExport.WebPublic();
        service["spec"]!["ports"]![0]!["nodePort"] = "31080";
        var template = ShopExport.Db();
        template["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["storageClass"] = "fast-ssd";

        var deployment = ShopExport.Web();
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePolicy"] = "Always";
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["bad label"] = "x";

        Assert.Contains(KubernetesSchemas.Validate(service), e => e.Contains("nodePort", StringComparison.Ordinal));
        Assert.Contains(KubernetesSchemas.Validate(deployment), e => e.Contains("imagePolicy", StringComparison.Ordinal));
        Assert.Contains(KubernetesSchemas.Validate(deployment), e => e.Contains("bad label", StringComparison.Ordinal));
        Assert.Contains(KubernetesSchemas.Validate(template), e => e.Contains("storageClass", StringComparison.Ordinal));
    }

    [RealSchemaFact]
    public void Transform_OtherWorkloadKinds_ValidateAgainstRealSchemas()
    {
        var daemonSet = Json.Parse("""
            {
              "apiVersion": "apps/v1", "kind": "DaemonSet",
              "metadata": { "name": "log-agent", "namespace": "shop", "uid": "1", "resourceVersion": "2", "generation": 4, "annotations": { "deprecated.daemonset.template.generation": "4" } },
              "spec": {
                "selector": { "matchLabels": { "app": "log-agent" } },
                "template": { "metadata": { "creationTimestamp": null, "labels": { "app": "log-agent" } },
                  "spec": { "containers": [ { "name": "agent", "image": "registry.old.example.com/ops/agent:3", "resources": {} } ], "tolerations": [ { "operator": "Exists" } ] } },
                "updateStrategy": { "rollingUpdate": { "maxSurge": 0, "maxUnavailable": 1 }, "type": "RollingUpdate" }
              },
              "status": { "currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberMisscheduled": 0, "numberReady": 3 }
            }
            """);
        var quota = Json.Parse("""{ "apiVersion": "v1", "kind": "ResourceQuota", "metadata": { "name": "shop", "namespace": "shop", "uid": "3" }, "spec": { "hard": { "requests.storage": "100Gi" } }, "status": { "hard": { "requests.storage": "100Gi" }, "used": { "requests.storage": "30Gi" } } }""");

        var result = ManifestTransformer.Transform([daemonSet, quota], TransformedShop.Mappings);

        Assert.All(result.Objects, o => Assert.Empty(KubernetesSchemas.Validate(o)));
        Assert.Null(result.Find("DaemonSet", "log-agent")["metadata"]!["annotations"]);
    }
}
