using System.Text.Json.Nodes;
using Portal.Moves.Tests.Fixtures;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

/// <summary>
/// Every transformed object validates strictly against the real Kubernetes OpenAPI schemas in shared/crds
/// (unknown fields are errors), each kind in full: core/v1, batch/v1, apps/v1, networking.k8s.io/v1, policy/v1 and
/// rbac.authorization.k8s.io/v1 all have their document there.
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

    [CrdsTheory]
    [MemberData(nameof(TransformedObjects))]
    public void Transform_EveryShopObject_ValidatesAgainstRealSchemas(string kind, string name)
    {
        var obj = TransformedShop.Result().Find(kind, name);

        var errors = RealSchemas.Validate(obj);

        Assert.True(errors.Count == 0, $"{kind} {name}:\n" + string.Join("\n", errors));
    }

    [CrdsFact]
    public void Transform_EveryKind_IsCheckedInFull()
    {
        var kinds = TransformedShop.Result().Objects.Select(o => (o["apiVersion"]!.GetValue<string>(), o["kind"]!.GetValue<string>())).Distinct().ToList();

        var partial = kinds.Where(k => !RealSchemas.HasFullSchema(k.Item1, k.Item2)).Select(k => $"{k.Item1} {k.Item2}");

        Assert.Empty(partial);
        Assert.Contains(kinds, k => k == ("apps/v1", "Deployment"));
        Assert.Contains(kinds, k => k == ("networking.k8s.io/v1", "NetworkPolicy"));
        Assert.Contains(kinds, k => k == ("rbac.authorization.k8s.io/v1", "RoleBinding"));
    }

    [CrdsFact]
    public void Validate_ManagedFieldsAsTheServerWritesThem_AreAccepted()
    {
        // FieldsV1 is free-form in the real schema ({"f:spec": {"f:replicas": {}}}): only the export's own fields count.
        var deployment = ShopExport.Web();
        Assert.NotNull(deployment["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]);

        var errors = RealSchemas.Validate(deployment);

        Assert.DoesNotContain(errors, e => e.Contains("managedFields", StringComparison.Ordinal) || e.Contains("f:spec", StringComparison.Ordinal));
    }

    [CrdsFact]
    public void Validate_UnknownFieldsInWorkloadSpecsAndRbac_AreRefused()
    {
        var deployment = ShopExport.Web();
        deployment["spec"]!["replica"] = 2;
        var binding = Json.Parse("""
            { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": { "name": "b", "namespace": "shop" },
              "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view" },
              "subjects": [ { "kind": "ServiceAccount", "name": "web", "namespace": "shop", "group": "x" } ] }
            """);
        var policy = Json.Parse("""
            { "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": { "name": "p", "namespace": "shop" },
              "spec": { "podSelector": {}, "ingress": [ { "from": [ { "podSelector": {} } ], "port": 80 } ] } }
            """);

        Assert.Contains(RealSchemas.Validate(deployment), e => e.Contains("spec.replica:", StringComparison.Ordinal));
        Assert.Contains(RealSchemas.Validate(binding), e => e.Contains("subjects[0].group", StringComparison.Ordinal));
        Assert.Contains(RealSchemas.Validate(policy), e => e.Contains("spec.ingress[0].port", StringComparison.Ordinal));
    }

    [CrdsFact]
    public void Validate_ExportAsReturnedByTheServer_IsRefusedForTheFieldsTheTransformStrips()
    {
        var service = ShopExport.WebPublic();
        service["spec"]!["ports"]![0]!["nodePort"] = "31080";
        var template = ShopExport.Db();
        template["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["storageClass"] = "fast-ssd";

        var deployment = ShopExport.Web();
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePolicy"] = "Always";
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["bad label"] = "x";

        Assert.Contains(RealSchemas.Validate(service), e => e.Contains("nodePort", StringComparison.Ordinal));
        Assert.Contains(RealSchemas.Validate(deployment), e => e.Contains("imagePolicy", StringComparison.Ordinal));
        Assert.Contains(RealSchemas.Validate(deployment), e => e.Contains("bad label", StringComparison.Ordinal));
        Assert.Contains(RealSchemas.Validate(template), e => e.Contains("storageClass", StringComparison.Ordinal));
    }

    [CrdsFact]
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

        Assert.All(result.Objects, o => Assert.Empty(RealSchemas.Validate(o)));
        Assert.Null(result.Find("DaemonSet", "log-agent")["metadata"]!["annotations"]);
    }
}
